using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using ModerationApi.IntegrationTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace ModerationApi.IntegrationTests.Browser;

/// <summary>
/// The review page in headless Debian chromium against the real service: posts are flagged through /v1/moderate and
/// reviewed through the page, and what the page did is checked through /v1/review.
/// </summary>
public sealed class ReviewPageTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private readonly ReviewApi _api = new(fixture);

    [Fact]
    public async Task FlaggedPostAppearsInTheQueueWithEveryEvidenceSpanHighlightedAtItsCharacters()
    {
        var text = ReviewApi.FlaggedPost(ReviewApi.NewToken());
        var id = await _api.FlagAsync(text);
        var item = await _api.ItemAsync(id);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;

        await session.SignInAsReviewerAsync();
        await OpenItemAsync(page, id);

        Assert.Equal(text, item.GetProperty("text").GetString());
        Assert.Equal(text, await page.Locator("#post-text").TextContentAsync());
        var marks = await MarksAsync(page);
        Assert.NotEmpty(marks);
        foreach (var mark in marks)
        {
            Assert.Equal(text[mark.Start..mark.End], mark.Text);
            Assert.Equal("0", mark.TabIndex);
        }

        var evidence = item.GetProperty("verdict").GetProperty("evidence").EnumerateArray().ToList();
        Assert.NotEmpty(evidence);
        for (var i = 0; i < evidence.Count; i++)
        {
            var e = evidence[i];
            var (start, end) = (e.GetProperty("start").GetInt32(), e.GetProperty("end").GetInt32());
            var covering = marks.Where(m => m.Evidence.Contains(i)).OrderBy(m => m.Start).ToList();
            Assert.NotEmpty(covering);
            Assert.Equal(start, covering[0].Start);
            Assert.Equal(end, covering[^1].End);
            Assert.All(covering.Zip(covering.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
            Assert.Equal(e.GetProperty("text").GetString(), string.Concat(covering.Select(m => m.Text)));
            Assert.All(covering, m =>
            {
                Assert.Contains(e.GetProperty("source").GetString()!, m.Source.Split(' '));
                Assert.Contains(e.GetProperty("ruleId").GetString()!, m.Rule.Split(' '));
                Assert.Contains(e.GetProperty("ruleId").GetString()!, m.Title, StringComparison.Ordinal);
            });
        }

        // The wallet sits after an emoji (two UTF-16 units), so a code-point offset would be off by one here.
        var wallet = evidence.First(e => e.GetProperty("ruleId").GetString() == "crypto.address.xmr");
        var walletMark = Assert.Single(marks, m => m.Text == ReviewApi.Wallet);
        Assert.Equal(text.IndexOf(ReviewApi.Wallet, StringComparison.Ordinal), walletMark.Start);
        Assert.Equal(wallet.GetProperty("start").GetInt32(), walletMark.Start);
        Assert.Equal(wallet.GetProperty("end").GetInt32(), walletMark.End);
        await Expect(page.Locator("#scores tbody tr")).ToHaveCountAsync(4);
        await Expect(page.Locator("#versions")).ToContainTextAsync(item.GetProperty("verdict").GetProperty("rulesVersion").GetString()!);
    }

    [Fact]
    public async Task ConfirmingByMouseConfirmsTheItemAndARepostWithAnAddedHashtagIsBlockedByTheBank()
    {
        var text = ReviewApi.FlaggedPost(ReviewApi.NewToken());
        var id = await _api.FlagAsync(text);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        await OpenItemAsync(page, id);

        await page.Locator("#confirm").ClickAsync();

        await Expect(page.Locator("#status")).ToContainTextAsync($"Confirmed {id}");
        await Expect(page.Locator("#confirm")).ToBeDisabledAsync();
        await Expect(page.Locator("#history li")).ToContainTextAsync("reviewer: confirm");
        var item = await _api.ItemAsync(id);
        Assert.Equal("confirmed", item.GetProperty("status").GetString());
        var entry = Assert.Single(item.GetProperty("history").EnumerateArray());
        Assert.Equal("reviewer", entry.GetProperty("reviewer").GetString());

        var repost = await _api.ModerateAsync(text + " #FreeTheBrothers");
        Assert.Equal("block", repost.GetProperty("action").GetString());
        var bank = Assert.Single(repost.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
        Assert.Contains(id, bank.GetProperty("detail").GetString(), StringComparison.Ordinal);

        // The blocked re-post is an item too, confirmed by the bank rather than queued for a reviewer.
        var token = text.Split(' ')[1];
        var auto = Assert.Single(await _api.ItemsWithAsync(token), i => i.GetProperty("id").GetString() != id);
        Assert.Equal("confirmed", auto.GetProperty("status").GetString());
        var autoEntry = Assert.Single((await _api.ItemAsync(auto.GetProperty("id").GetString()!)).GetProperty("history").EnumerateArray());
        Assert.Equal("bank", autoEntry.GetProperty("reviewer").GetString());
        Assert.Contains(id, autoEntry.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PressingCConfirmsTheOpenItemButNotWhileTypingANote()
    {
        var text = ReviewApi.FlaggedPost(ReviewApi.NewToken());
        var id = await _api.FlagAsync(text);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        await OpenItemAsync(page, id);

        const string Note = "clear donation appeal, escalated once";
        await page.Locator("#note").FocusAsync();
        await page.Keyboard.TypeAsync(Note);
        Assert.Equal("pending", (await _api.ItemAsync(id)).GetProperty("status").GetString());
        await page.Locator($"#queue li[data-item-id='{id}'] button").FocusAsync();
        await page.Keyboard.PressAsync("c");

        await Expect(page.Locator("#status")).ToContainTextAsync($"Confirmed {id}");
        await Expect(page.Locator($"#queue li[data-item-id='{id}']")).ToContainTextAsync("confirmed");
        var item = await _api.ItemAsync(id);
        Assert.Equal("confirmed", item.GetProperty("status").GetString());
        var entry = Assert.Single(item.GetProperty("history").EnumerateArray());
        Assert.Equal("confirm", entry.GetProperty("decision").GetString());
        Assert.Equal(Note, entry.GetProperty("note").GetString());
    }

    [Fact]
    public async Task DismissedPostIsNotQueuedAgain()
    {
        var token = ReviewApi.NewToken();
        var text = ReviewApi.FlaggedPost(token);
        var id = await _api.FlagAsync(text);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        await OpenItemAsync(page, id);

        await page.Keyboard.PressAsync("d");

        await Expect(page.Locator("#status")).ToContainTextAsync($"Dismissed {id}");
        Assert.Equal("dismissed", (await _api.ItemAsync(id)).GetProperty("status").GetString());
        var again = await _api.ModerateAsync(text);
        Assert.Equal("allow", again.GetProperty("action").GetString());
        var allow = Assert.Single(again.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "allowList");
        Assert.Contains(id, allow.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(await _api.ItemsWithAsync(token)).GetProperty("id").GetString());

        await page.Locator("#filter-status").SelectOptionAsync("");
        var entries = page.Locator("#queue li").Filter(new LocatorFilterOptions { HasText = token });
        await Expect(entries).ToHaveCountAsync(1);
        await Expect(entries).ToHaveAttributeAsync("data-item-id", id);
        await page.Locator("#filter-status").SelectOptionAsync("pending");
        await Expect(page.Locator("#status")).ToContainTextAsync("in the queue");
        await Expect(page.Locator("#queue li").Filter(new LocatorFilterOptions { HasText = token })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task DecidingAnItemSomeoneElseClosedShowsTheConflictAndTheFinalStatus()
    {
        var id = await _api.FlagAsync(ReviewApi.FlaggedPost(ReviewApi.NewToken()));
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        await OpenItemAsync(page, id);

        await _api.DecideAsync(id, "confirm");
        await page.Locator("#dismiss").ClickAsync();

        await Expect(page.Locator("#status")).ToContainTextAsync($"Could not dismiss {id}");
        await Expect(page.Locator("#status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        await Expect(page.Locator("#meta")).ToContainTextAsync("confirmed");
        await Expect(page.Locator("#dismiss")).ToBeDisabledAsync();
        Assert.Equal("confirmed", (await _api.ItemAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task LabelAndActionFiltersNarrowTheQueue()
    {
        var token = ReviewApi.NewToken();
        var wallet = await _api.FlagAsync(ReviewApi.FlaggedPost(token));
        await PostNftBlockAndDaeshReviewAsync(token);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        var mine = page.Locator("#queue li").Filter(new LocatorFilterOptions { HasText = token });
        await Expect(mine).ToHaveCountAsync(3);

        await page.Locator("#filter-label").SelectOptionAsync("isis_nft_reference");
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine).ToContainTextAsync("NFT collection");

        await page.Locator("#filter-label").SelectOptionAsync("");
        await Expect(mine).ToHaveCountAsync(3);
        await page.Locator("#filter-action").SelectOptionAsync("review");
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine).ToContainTextAsync("Daesh soldiers");

        await page.Locator("#filter-action").SelectOptionAsync("block");
        await Expect(mine).ToHaveCountAsync(2);
        await Expect(page.Locator($"#queue li[data-item-id='{wallet}']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task AnOlderFiltersLateAnswerDoesNotReplaceTheNewerFiltersQueue()
    {
        var token = ReviewApi.NewToken();
        await PostNftBlockAndDaeshReviewAsync(token);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        var mine = page.Locator("#queue li").Filter(new LocatorFilterOptions { HasText = token });
        await Expect(mine).ToHaveCountAsync(2);

        // Hold the answer to the first filter (action=block) until the second one (action=review) is on screen.
        var release = new TaskCompletionSource();
        var held = new TaskCompletionSource();
        await page.RouteAsync(url => url.Contains("/v1/review/items?", StringComparison.Ordinal) && url.Contains("action=block", StringComparison.Ordinal), async route =>
        {
            held.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });
        try
        {
            await page.Locator("#filter-action").SelectOptionAsync("block");
            await held.Task.WaitAsync(TimeSpan.FromSeconds(15));
            await page.Locator("#filter-action").SelectOptionAsync("review");
            await Expect(mine).ToHaveCountAsync(1);
            await Expect(mine).ToContainTextAsync("Daesh soldiers");

            // The queue stays busy while the held answer is outstanding, and is idle once the page has handled it.
            await Expect(page.Locator("#queue")).ToHaveAttributeAsync("aria-busy", "true");
        }
        finally
        {
            release.TrySetResult();
        }

        await Expect(page.Locator("#queue")).ToHaveAttributeAsync("aria-busy", "false");
        await Expect(mine).ToHaveCountAsync(1);
        await Expect(mine).ToContainTextAsync("Daesh soldiers");
        await Expect(page.Locator("#filter-action")).ToHaveValueAsync("review");
    }

    [Fact]
    public async Task SigningInWithAModerateOnlyKeyShowsAnError()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;

        await session.SignInAsync(ModerationApiFactory.ModerateKey);

        await Expect(page.Locator("#status")).ToContainTextAsync("does not have the review scope");
        await Expect(page.Locator("#status")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("error"));
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        await Expect(page.Locator("#signin")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('moderationApi.review.key')"));
    }

    [Fact]
    public async Task BlurSettingHidesPostTextUntilRevealedAndIsRemembered()
    {
        var id = await _api.FlagAsync(ReviewApi.FlaggedPost(ReviewApi.NewToken()));
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();

        await page.Locator("#blur-toggle").CheckAsync();
        await OpenItemAsync(page, id);

        var post = page.Locator("#post-text");
        await Expect(post).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bblurred\\b"));
        Assert.Contains("blur", await post.EvaluateAsync<string>("p => getComputedStyle(p).filter"), StringComparison.Ordinal);
        await page.Locator("#reveal").ClickAsync();
        await Expect(post).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bblurred\\b"));
        Assert.Equal("none", await post.EvaluateAsync<string>("p => getComputedStyle(p).filter"));

        // The setting outlives the page; the next item opens blurred again and Enter on the post reveals it.
        await page.ReloadAsync();
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Expect(page.Locator("#blur-toggle")).ToBeCheckedAsync();
        await OpenItemAsync(page, id);
        await Expect(post).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bblurred\\b"));
        await post.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(post).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bblurred\\b"));
    }

    [Fact]
    public async Task ScriptInAPostIsShownAsTextAndNotRun()
    {
        var token = ReviewApi.NewToken();
        const string Payload = "<script>window.__pwned = 1</script><img src=\"/x\" onerror=\"window.__pwned = 2\">";
        // Early in the post, so the queue's preview carries it too.
        var text = ReviewApi.FlaggedPost(token).Replace("Equip a mujahid", Payload + " Equip a mujahid", StringComparison.Ordinal);
        var id = await _api.FlagAsync(text);
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();

        await OpenItemAsync(page, id);

        await Expect(page.Locator("#post-text")).ToContainTextAsync(Payload);
        await Expect(page.Locator($"#queue li[data-item-id='{id}']")).ToContainTextAsync(Payload);
        Assert.Equal(text, await page.Locator("#post-text").TextContentAsync());
        await Expect(page.Locator("#post-text script, #post-text img, #queue script, #queue img")).ToHaveCountAsync(0);
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
    }

    [Fact]
    public async Task JAndKMoveThroughTheQueue()
    {
        await _api.FlagAsync(ReviewApi.FlaggedPost(ReviewApi.NewToken()));
        await _api.FlagAsync(ReviewApi.FlaggedPost(ReviewApi.NewToken()));
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await session.SignInAsReviewerAsync();
        var entries = page.Locator("#queue li");
        var first = await entries.Nth(0).GetAttributeAsync("data-item-id");
        var second = await entries.Nth(1).GetAttributeAsync("data-item-id");

        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator("#item-heading")).ToHaveTextAsync($"Item {first}");
        await page.Keyboard.PressAsync("j");
        await Expect(page.Locator("#item-heading")).ToHaveTextAsync($"Item {second}");
        await Expect(entries.Nth(1)).ToHaveAttributeAsync("aria-current", "true");
        await page.Keyboard.PressAsync("k");
        await Expect(page.Locator("#item-heading")).ToHaveTextAsync($"Item {first}");
    }

    [Fact]
    public async Task OverlappingEvidenceIsSplitIntoSegmentsCarryingEveryCoveringSpan()
    {
        await using var session = await fixture.OpenAsync();
        await session.Page.GotoAsync("/review");

        var segments = await session.Page.EvaluateAsync<JsonElement>(
            "() => window.ReviewPage.segments('abcdefghij', [{start: 4, end: 8}, {start: 2, end: 6}, {start: 0, end: 10}, {start: 9, end: 12}])");

        var actual = segments.EnumerateArray()
            .Select(s => $"{s.GetProperty("start").GetInt32()}-{s.GetProperty("end").GetInt32()}:{string.Join(',', s.GetProperty("evidence").EnumerateArray().Select(e => e.GetInt32()))}")
            .ToList();
        Assert.Equal(["0-2:2", "2-4:1,2", "4-6:0,1,2", "6-8:0,2", "8-10:2"], actual);
    }

    [Fact]
    public async Task PageLoadsOnlyFromTheServiceAndLogsNoErrors()
    {
        var id = await _api.FlagAsync(ReviewApi.FlaggedPost(ReviewApi.NewToken()));
        await using var session = await fixture.OpenAsync();
        await session.SignInAsReviewerAsync();
        await OpenItemAsync(session.Page, id);
        await Expect(session.Page.Locator("#post-text mark").First).ToBeVisibleAsync();

        Assert.All(session.Requests, url => Assert.StartsWith(session.BaseAddress.ToString(), url, StringComparison.Ordinal));
        Assert.Contains(session.Requests, url => url.EndsWith("/review/app.js", StringComparison.Ordinal));
        Assert.Empty(session.Errors);
    }

    [Fact]
    public async Task SignInAndItemViewHaveNoWcagAaViolations()
    {
        var id = await _api.FlagAsync(ReviewApi.FlaggedPost(ReviewApi.NewToken()));
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/review");
        await AssertAccessibleAsync(page, "sign-in");

        await session.SignInAsReviewerAsync();
        await OpenItemAsync(page, id);
        await Expect(page.Locator("#post-text mark").First).ToBeVisibleAsync();
        await AssertAccessibleAsync(page, "item view");

        // Tab order: the queue's last entry, then the highlighted spans in the post, then the note and decision buttons.
        await page.Locator("#queue li:last-child button").FocusAsync();
        var order = new List<string>();
        for (var i = 0; i < 40 && !order.Contains("confirm"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            order.Add(await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.tagName.toLowerCase()"));
        }

        Assert.Equal("mark", order[0]);
        Assert.True(order.IndexOf("note") > order.LastIndexOf("mark"), string.Join(' ', order));
        Assert.Equal(order.IndexOf("note") + 1, order.IndexOf("confirm"));
    }

    /// <summary>Clicks the item's queue entry and waits until the item view shows it.</summary>
    private static async Task OpenItemAsync(IPage page, string id)
    {
        await page.Locator($"#queue li[data-item-id='{id}'] button").ClickAsync();
        await Expect(page.Locator("#item-heading")).ToHaveTextAsync($"Item {id}");
    }

    private static async Task AssertAccessibleAsync(IPage page, string view)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var problems = result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => string.Join(' ', n.Target)))})");
        Assert.True(result.Violations.Length == 0, $"{view}: {string.Join("; ", problems)}");
    }

    private static async Task<IReadOnlyList<MarkInfo>> MarksAsync(IPage page)
    {
        var raw = await page.Locator("#post-text mark").EvaluateAllAsync<JsonElement>(
            "marks => marks.map(m => ({ start: +m.dataset.start, end: +m.dataset.end, text: m.textContent, source: m.dataset.source, rule: m.dataset.rule, " +
            "evidence: m.dataset.evidence.split(' ').map(Number), title: m.title, tabIndex: m.getAttribute('tabindex') }))");
        return [.. raw.EnumerateArray().Select(m => new MarkInfo(
            m.GetProperty("start").GetInt32(),
            m.GetProperty("end").GetInt32(),
            m.GetProperty("text").GetString()!,
            m.GetProperty("source").GetString()!,
            m.GetProperty("rule").GetString()!,
            [.. m.GetProperty("evidence").EnumerateArray().Select(e => e.GetInt32())],
            m.GetProperty("title").GetString()!,
            m.GetProperty("tabIndex").GetString()!))];
    }

    private sealed record MarkInfo(int Start, int End, string Text, string Source, string Rule, IReadOnlyList<int> Evidence, string Title, string TabIndex);

    /// <summary>Two flagged items carrying <paramref name="token"/>: an NFT post the rules block and a slogan they send to review.</summary>
    private async Task PostNftBlockAndDaeshReviewAsync(string token)
    {
        Assert.Equal("block", (await _api.ModerateAsync($"Mint the Islamic State NFT collection now {token}, caliphate tokens on OpenSea")).GetProperty("action").GetString());
        Assert.Equal("review", (await _api.ModerateAsync($"Daesh soldiers of the caliphate are marching {token}")).GetProperty("action").GetString());
    }
}
