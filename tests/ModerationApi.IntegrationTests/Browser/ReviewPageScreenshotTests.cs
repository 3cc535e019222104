using static Microsoft.Playwright.Assertions;

namespace ModerationApi.IntegrationTests.Browser;

/// <summary>
/// Renders the page with a few realistic items on a fresh service and saves a PNG. <c>scripts/screenshot.sh</c> points
/// <c>REVIEW_SCREENSHOT</c> at <c>docs/review-page.png</c> (the README's picture); otherwise it lands in the test output.
/// </summary>
public sealed class ReviewPageScreenshotTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task ScreenshotShowsAnItemWithHighlightedEvidence()
    {
        var api = new ReviewApi(fixture);
        await api.ModerateAsync("Daesh soldiers of the caliphate are marching");
        await api.ModerateAsync("Mint the Islamic State NFT collection now, caliphate tokens on OpenSea");
        await api.ModerateAsync($"Equip a mujahid of the Islamic State! Brothers, the caliphate needs your support. Donate: {ReviewApi.Wallet} Monero only, share before it is taken down.");
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        await Expect(page.Locator("#queue li")).ToHaveCountAsync(3);

        // Posted within the same instant, so the queue's order among them is not fixed: pick the wallet post by its text.
        await page.Locator("#queue li", new() { HasText = "Equip a mujahid" }).Locator("button").ClickAsync();
        await Expect(page.Locator("#item-heading")).ToContainTextAsync("Item r_");
        await page.Locator("#note").FillAsync("Wallet seen in two earlier appeals");
        await page.Locator("#escalate").ClickAsync();
        // The history shows "No decisions yet." until the decision's answer re-renders the item.
        await Expect(page.Locator("#history li")).ToContainTextAsync("escalate");
        var wallet = page.Locator("#post-text mark", new() { HasText = ReviewApi.Wallet[..12] });
        await page.BringToFrontAsync();
        await wallet.FocusAsync();
        Assert.True(await wallet.EvaluateAsync<bool>("e => e === document.activeElement"), "the wallet mark should hold focus");

        var path = Environment.GetEnvironmentVariable("REVIEW_SCREENSHOT") is { Length: > 0 } target
            ? target
            : Path.Combine(AppContext.BaseDirectory, "review-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });

        Assert.True(png.Length > 10_000, $"the screenshot is only {png.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(png, await File.ReadAllBytesAsync(path));
    }
}
