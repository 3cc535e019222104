using Microsoft.Playwright;

namespace ModerationApi.IntegrationTests.Browser;

/// <summary>One browser context and page; remembers every request, console error and page error it saw.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _requests = [];
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();

    public BrowserSession(IBrowserContext context, IPage page, Uri baseAddress)
    {
        _context = context;
        Page = page;
        BaseAddress = baseAddress;
        page.Request += (_, request) => { lock (_gate) { _requests.Add(request.Url); } };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_gate) { _errors.Add(message.Text); }
            }
        };
        page.PageError += (_, error) => { lock (_gate) { _errors.Add(error); } };
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    public IReadOnlyList<string> Requests { get { lock (_gate) { return [.. _requests]; } } }

    public IReadOnlyList<string> Errors { get { lock (_gate) { return [.. _errors]; } } }

    /// <summary>Opens the page and signs in with <paramref name="key"/> through the form, as a reviewer would.</summary>
    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("/review");
        await Page.Locator("#api-key").FillAsync(key);
        await Page.Locator("#signin button[type=submit]").ClickAsync();
    }

    /// <summary>Signs in with the review key and waits for the queue.</summary>
    public async Task SignInAsReviewerAsync()
    {
        await SignInAsync(Infrastructure.ModerationApiFactory.ReviewKey);
        await Assertions.Expect(Page.Locator("#app")).ToBeVisibleAsync();
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
