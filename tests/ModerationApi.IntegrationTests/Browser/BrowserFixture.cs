using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Browser;

/// <summary>
/// The real service on a loopback Kestrel port (the browser needs a real socket) and one headless Debian chromium
/// shared by a test class. Playwright only drives the system browser: its driver and Node.js come inside the NuGet
/// package and no browser is ever downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The system chromium; <c>CHROMIUM_PATH</c> overrides it (scripts/test.sh installs Debian's package).</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public ModerationApiFactory Factory { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        Factory.UseKestrel(0);
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"No chromium at {ChromiumPath}: run the tests with scripts/test.sh (it installs Debian's chromium) or set CHROMIUM_PATH.");
        }

        // Waits, not speed limits: generous so a CI machine busy with the other test classes does not fail a page
        // that is merely slow to render.
        Assertions.SetDefaultExpectTimeout(15_000);

        // Belt and braces: nothing in a test run may fetch a browser build.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 30_000,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own session and local storage) with a page that records what it loads.</summary>
    public async Task<BrowserSession> OpenAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, BaseAddress);
    }

    public HttpClient ApiClient(string key) => Factory.ClientWithKey(key);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Factory.DisposeAsync();
    }
}
