using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModerationApi.IntegrationTests.Infrastructure;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>
/// The review API against one store; <see cref="MemoryReviewQueueTests"/> and <see cref="RedisReviewQueueTests"/> run
/// every test, so both stores keep the same contract. Each test gets a fresh, empty queue and a hand-moved clock.
/// </summary>
public abstract class ReviewQueueTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected ManualClock Clock { get; } = new(Start);

    protected ModerationApiFactory Factory { get; private set; } = null!;

    protected HttpClient Moderator { get; private set; } = null!;

    protected HttpClient Reviewer { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = Configure(new ModerationApiFactory()).WithServices(s => s.AddSingleton<TimeProvider>(Clock));
        Moderator = Factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        Reviewer = Factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    protected abstract ModerationApiFactory Configure(ModerationApiFactory factory);

    [Fact]
    public async Task FlaggedPostIsQueuedWithItsTextVerdictKeyNameAndContentHash()
    {
        var text = BlockedPost("queued");
        var verdict = await ModerateAsync(Moderator, text, id: "post-7");

        var list = await ListAsync(Reviewer);
        var summary = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, list.GetProperty("nextCursor").ValueKind);
        Assert.StartsWith("r_", summary.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("pending", summary.GetProperty("status").GetString());
        Assert.Equal("block", summary.GetProperty("action").GetString());
        Assert.Equal("moderator", summary.GetProperty("apiKey").GetString());
        Assert.Equal("post-7", summary.GetProperty("postId").GetString());
        Assert.Equal("2026-03-01T12:00:00.000Z", summary.GetProperty("receivedAt").GetString());
        Assert.Equal(1, summary.GetProperty("occurrences").GetInt64());
        Assert.Equal(text[..200], summary.GetProperty("preview").GetString());

        var item = await GetAsync(Reviewer, summary.GetProperty("id").GetString()!);
        Assert.Equal(text, item.GetProperty("text").GetString());
        Assert.Equal(verdict.ToString(), item.GetProperty("verdict").ToString());
        Assert.Matches("^[0-9a-f]{64}$", item.GetProperty("contentHash").GetString());
        Assert.Empty(item.GetProperty("history").EnumerateArray());
        var top = item.GetProperty("topLabel").GetString()!;
        var topScore = item.GetProperty("topScore").GetDouble();
        foreach (var label in verdict.GetProperty("labels").EnumerateObject())
        {
            Assert.True(label.Value.GetProperty("score").GetDouble() <= topScore, $"{label.Name} scores above the top label {top}");
        }
    }

    [Fact]
    public async Task AllowedAndDoNotStorePostsAreNotQueued()
    {
        var allowed = await ModerateAsync(Moderator, "Lovely weather in Leeds today");
        var private_ = await ModerateAsync(Moderator, BlockedPost("private"), doNotStore: true);

        Assert.Equal("allow", allowed.GetProperty("action").GetString());
        Assert.Equal("block", private_.GetProperty("action").GetString());
        Assert.Empty(await AllItemsAsync(Reviewer));
    }

    [Fact]
    public async Task SameContentWhilePendingCountsAsAnotherOccurrence()
    {
        var text = BlockedPost("again");
        await ModerateAsync(Moderator, text);
        await ModerateAsync(Moderator, text);
        await ModerateAsync(Moderator, "\u200B" + text);

        var item = Assert.Single(await AllItemsAsync(Reviewer));
        Assert.Equal(3, item.GetProperty("occurrences").GetInt64());
    }

    [Fact]
    public async Task FiltersSelectByStatusLabelActionAndTime()
    {
        var blockedEarly = BlockedPost("early");
        await ModerateAsync(Moderator, blockedEarly);
        Clock.Advance(TimeSpan.FromMinutes(10));
        var reviewed = ReviewedPost("middle");
        var reviewedVerdict = await ModerateAsync(Moderator, reviewed);
        Assert.Equal("review", reviewedVerdict.GetProperty("action").GetString());
        Clock.Advance(TimeSpan.FromMinutes(10));
        var blockedLate = BlockedPost("late");
        await ModerateAsync(Moderator, blockedLate);
        var lateId = await ItemIdOfAsync(Reviewer, blockedLate);
        await DecideOkAsync(Reviewer, lateId, "escalate");

        async Task<string[]> Previews(string query) =>
            [.. (await AllItemsAsync(Reviewer, query)).Select(i => i.GetProperty("preview").GetString()!)];

        Assert.Equal([blockedLate[..200], reviewed, blockedEarly[..200]], await Previews(""));
        Assert.Equal([reviewed, blockedEarly[..200]], await Previews("?status=pending"));
        Assert.Equal([blockedLate[..200]], await Previews("?status=escalated"));
        Assert.Empty(await Previews("?status=confirmed"));
        Assert.Equal([reviewed], await Previews("?action=review"));
        Assert.Equal([blockedLate[..200], blockedEarly[..200]], await Previews("?action=block"));
        Assert.Equal([reviewed], await Previews("?from=2026-03-01T12:05:00Z&to=2026-03-01T12:15:00Z"));
        Assert.Equal([reviewed], await Previews("?from=2026-03-01T12:10:00Z&to=2026-03-01T12:10:00Z"));
        Assert.Equal([blockedLate[..200], reviewed], await Previews("?from=2026-03-01T12:10:00Z"));
        Assert.Equal([blockedEarly[..200]], await Previews("?to=2026-03-01T12:09:59.999Z&action=block"));
        Assert.Equal([reviewed], await Previews("?status=pending&from=2026-03-01T13:10:00%2B01:00"));

        var reviewedLabel = (await AllItemsAsync(Reviewer, "?action=review"))[0].GetProperty("topLabel").GetString()!;
        var blockedLabel = (await AllItemsAsync(Reviewer, "?action=block"))[0].GetProperty("topLabel").GetString()!;
        var byLabel = await Previews("?label=" + blockedLabel);
        Assert.Contains(blockedEarly[..200], byLabel);
        Assert.Equal(reviewedLabel == blockedLabel, byLabel.Contains(reviewed));
        Assert.Empty(await Previews("?label=isis_nft_reference"));
    }

    [Fact]
    public async Task CursorPagingVisitsEveryItemExactlyOnceInEitherOrder()
    {
        var texts = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            // Pairs share a millisecond so ties in time are broken by id, not lost.
            if (i % 2 == 0)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
            }

            var text = i % 3 == 0 ? ReviewedPost($"page{i}") : BlockedPost($"page{i}");
            texts.Add(text);
            await ModerateAsync(Moderator, text);
        }

        foreach (var sort in new[] { "newest", "score" })
        {
            var seen = new List<JsonElement>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var page = await ListAsync(Reviewer, $"?sort={sort}&limit=5" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor)));
                var items = page.GetProperty("items").EnumerateArray().ToList();
                Assert.InRange(items.Count, 1, 5);
                seen.AddRange(items);
                cursor = page.GetProperty("nextCursor").GetString();
                pages++;

                // Items arriving between pages land before the cursor (newest) and must not disturb the walk.
                if (pages == 2)
                {
                    Clock.Advance(TimeSpan.FromSeconds(1));
                    await ModerateAsync(Moderator, ReviewedPost($"late-{sort}"));
                }
            }
            while (cursor is not null);

            var ids = seen.Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
            foreach (var text in texts)
            {
                Assert.Contains(seen, i => text.StartsWith(i.GetProperty("preview").GetString()!, StringComparison.Ordinal));
            }

            if (sort == "newest")
            {
                var times = seen.Select(i => i.GetProperty("receivedAt").GetString()!).ToList();
                Assert.Equal(times.OrderByDescending(t => t, StringComparer.Ordinal), times);
                Assert.Equal(ids.OrderByDescending(t => t, StringComparer.Ordinal), ids);
            }
            else
            {
                var scores = seen.Select(i => i.GetProperty("topScore").GetDouble()).ToList();
                Assert.Equal(scores.OrderByDescending(s => s), scores);
                Assert.True(scores[0] > scores[^1], "the posts should not all score the same");
            }
        }
    }

    [Fact]
    public async Task ModerateKeyCannotReadTheQueueAndNoKeyIsUnauthorised()
    {
        using var none = Factory.ClientWithKey(null);
        foreach (var path in new[] { "/v1/review/items", "/v1/review/me", "/v1/review/audit", "/v1/review/items/r_0000000000AAAAAAAAAAAAAAAA" })
        {
            await (await Moderator.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Forbidden);
            await (await none.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        await (await DecideAsync(Moderator, "r_0000000000AAAAAAAAAAAAAAAA", "confirm")).AssertProblemAsync(HttpStatusCode.Forbidden);
        var me = await (await Reviewer.GetAsync("/v1/review/me")).JsonAsync();
        Assert.Equal("reviewer", me.GetProperty("name").GetString());
        Assert.Equal(["review"], me.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task DecisionRecordsTheReviewerFromTheKeyAndFinalDecisionsCannotBeRepeated()
    {
        var text = ReviewedPost("decide");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);

        Clock.Advance(TimeSpan.FromMinutes(1));
        var escalated = await DecideOkAsync(Reviewer, id, "escalate", "ask the lead");
        Assert.Equal("escalated", escalated.GetProperty("status").GetString());
        Clock.Advance(TimeSpan.FromMinutes(1));
        var confirmed = await DecideOkAsync(Reviewer, id, "confirm");
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());

        var history = confirmed.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(2, history.Count);
        Assert.Equal("2026-03-01T12:01:00.000Z", history[0].GetProperty("at").GetString());
        Assert.Equal("reviewer", history[0].GetProperty("reviewer").GetString());
        Assert.Equal("escalate", history[0].GetProperty("decision").GetString());
        Assert.Equal("ask the lead", history[0].GetProperty("note").GetString());
        Assert.Equal("pending", history[0].GetProperty("previousStatus").GetString());
        Assert.Equal("escalated", history[0].GetProperty("newStatus").GetString());
        Assert.Equal("escalated", history[1].GetProperty("previousStatus").GetString());
        Assert.Equal("confirmed", history[1].GetProperty("newStatus").GetString());

        var again = await DecideAsync(Reviewer, id, "dismiss");
        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("confirmed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await GetAsync(Reviewer, id);
        Assert.Equal("confirmed", after.GetProperty("status").GetString());
        Assert.Equal(2, after.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task OfTwoConcurrentFinalDecisionsExactlyOneIsRecorded()
    {
        var text = ReviewedPost("race");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);
        using var other = Factory.ClientWithKey(ModerationApiFactory.ReviewKey);

        var responses = await Task.WhenAll(DecideAsync(Reviewer, id, "confirm"), DecideAsync(other, id, "dismiss"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
        var item = await GetAsync(Reviewer, id);
        Assert.Single(item.GetProperty("history").EnumerateArray());
        var audit = await (await Reviewer.GetAsync("/v1/review/audit")).Content.ReadAsStringAsync();
        Assert.Single(audit.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ManySimultaneousEscalationsEachGetAnAnswerAndEveryRecordedOneIsAudited()
    {
        var text = ReviewedPost("crowd");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);

        var responses = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => DecideAsync(Reviewer, id, "escalate")));

        // Escalation is not final, so each one is recorded unless the item kept changing under it (409, nothing
        // recorded); never a 500, and the history and the audit log hold exactly the recorded ones.
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        var recorded = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.True(recorded >= 1);
        var item = await GetAsync(Reviewer, id);
        Assert.Equal("escalated", item.GetProperty("status").GetString());
        Assert.Equal(recorded, item.GetProperty("history").GetArrayLength());
        var audit = await (await Reviewer.GetAsync("/v1/review/audit")).Content.ReadAsStringAsync();
        Assert.Equal(recorded, audit.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RetentionDeletesOnlyItemsDecidedLongerAgoAndTheirDecisionsKeepActing()
    {
        await using var factory = Configure(new ModerationApiFactory())
            .With("Review:DecidedItemRetention", "30.00:00:00")
            .WithServices(s => s.AddSingleton<TimeProvider>(Clock));
        using var moderator = factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        using var reviewer = factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        var confirmedText = ReviewedPost("old-confirmed");
        var dismissedText = ReviewedPost("old-dismissed");
        var pendingText = ReviewedPost("old-pending");
        foreach (var text in new[] { confirmedText, dismissedText, pendingText })
        {
            await ModerateAsync(moderator, text);
        }

        var confirmed = await ItemIdOfAsync(reviewer, confirmedText);
        var dismissed = await ItemIdOfAsync(reviewer, dismissedText);
        var pending = await ItemIdOfAsync(reviewer, pendingText);
        await DecideOkAsync(reviewer, confirmed, "confirm");
        await DecideOkAsync(reviewer, dismissed, "dismiss");
        Clock.Advance(TimeSpan.FromDays(31));
        var recentText = ReviewedPost("recent");
        await ModerateAsync(moderator, recentText);
        var recent = await ItemIdOfAsync(reviewer, recentText);
        await DecideOkAsync(reviewer, recent, "confirm");
        var retention = factory.Services.GetRequiredService<ModerationApi.Review.ReviewRetention>();

        Assert.Equal(2, await retention.SweepAsync(CancellationToken.None));

        foreach (var gone in new[] { confirmed, dismissed })
        {
            await (await reviewer.GetAsync($"/v1/review/items/{gone}")).AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal("pending", (await GetAsync(reviewer, pending)).GetProperty("status").GetString());
        Assert.Equal("confirmed", (await GetAsync(reviewer, recent)).GetProperty("status").GetString());
        Assert.Equal([recent, pending], (await AllItemsAsync(reviewer)).Select(i => i.GetProperty("id").GetString()));
        Assert.Equal([recent], (await AllItemsAsync(reviewer, "?status=confirmed")).Select(i => i.GetProperty("id").GetString()));
        Assert.Empty(await AllItemsAsync(reviewer, "?status=dismissed"));
        var audit = await (await reviewer.GetAsync("/v1/review/audit")).Content.ReadAsStringAsync();
        Assert.Equal(3, audit.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The bank and the allow list hold hashes, not text: the old decisions still act on re-posts.
        var repost = await ModerateAsync(moderator, confirmedText);
        Assert.Equal("block", repost.GetProperty("action").GetString());
        Assert.Contains(repost.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
        Assert.Equal("allow", (await ModerateAsync(moderator, dismissedText)).GetProperty("action").GetString());
        Assert.Equal(0, await retention.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WithoutRetentionNothingIsDeleted()
    {
        var text = ReviewedPost("kept");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);
        await DecideOkAsync(Reviewer, id, "dismiss");
        Clock.Advance(TimeSpan.FromDays(3650));

        Assert.Equal(0, await Factory.Services.GetRequiredService<ModerationApi.Review.ReviewRetention>().SweepAsync(CancellationToken.None));
        Assert.Equal("dismissed", (await GetAsync(Reviewer, id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReviewerInTheBodyIsIgnored()
    {
        var text = ReviewedPost("spoof");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);

        var response = await Reviewer.PostAsJsonAsync($"/v1/review/items/{id}/decisions", new { decision = "escalate", reviewer = "someone-else" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = await response.JsonAsync();
        Assert.Equal("reviewer", item.GetProperty("history")[0].GetProperty("reviewer").GetString());
    }

    [Fact]
    public async Task UnknownItemsAreNotFound()
    {
        foreach (var id in new[] { "r_0000000000AAAAAAAAAAAAAAAA", "nope" })
        {
            var get = await Reviewer.GetAsync($"/v1/review/items/{id}");
            var problem = await get.AssertProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal("id", problem.GetProperty("field").GetString());
            await (await DecideAsync(Reviewer, id, "confirm")).AssertProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Theory]
    [InlineData("?status=open", "status")]
    [InlineData("?label=terrorism", "label")]
    [InlineData("?action=delete", "action")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-45", "to")]
    [InlineData("?sort=oldest", "sort")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=201", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    [InlineData("?sort=score&cursor=bnxyXzAwMDAwMDAwMDBBQUFBQUFBQUFBQUFBQUFB", "cursor")]
    public async Task BadQueryValuesAreValidationProblemsNamingTheParameter(string query, string field)
    {
        var problem = await (await Reviewer.GetAsync("/v1/review/items" + query)).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task BadDecisionBodiesAreValidationProblemsNamingTheField()
    {
        var text = ReviewedPost("bad-body");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);

        var unknown = await (await DecideAsync(Reviewer, id, "approve")).AssertProblemAsync(HttpStatusCode.BadRequest);
        var missing = await (await Reviewer.PostAsJsonAsync($"/v1/review/items/{id}/decisions", new { note = "x" })).AssertProblemAsync(HttpStatusCode.BadRequest);
        var longNote = await (await DecideAsync(Reviewer, id, "confirm", new string('n', 2001))).AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(unknown.GetProperty("errors").TryGetProperty("decision", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("decision", out _));
        Assert.True(longNote.GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal("pending", (await GetAsync(Reviewer, id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await DecideAsync(Reviewer, id, "escalate", new string('n', 2000))).StatusCode);
    }

    [Fact]
    public async Task AuditLogExportsEveryDecisionAsJsonLinesOldestFirst()
    {
        var ids = new List<string>();
        foreach (var tag in new[] { "a1", "a2", "a3" })
        {
            var text = ReviewedPost(tag);
            await ModerateAsync(Moderator, text);
            ids.Add(await ItemIdOfAsync(Reviewer, text));
        }

        Clock.Set(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        await DecideOkAsync(Reviewer, ids[0], "confirm", "clear propaganda");
        Clock.Advance(TimeSpan.FromHours(1));
        await DecideOkAsync(Reviewer, ids[1], "dismiss");
        Clock.Advance(TimeSpan.FromHours(1));
        await DecideOkAsync(Reviewer, ids[2], "escalate");

        var response = await Reviewer.GetAsync("/v1/review/audit");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(ids, lines.Select(l => l.GetProperty("itemId").GetString()));
        Assert.Equal(["confirm", "dismiss", "escalate"], lines.Select(l => l.GetProperty("decision").GetString()));
        Assert.Equal(["confirmed", "dismissed", "escalated"], lines.Select(l => l.GetProperty("newStatus").GetString()));
        Assert.All(lines, l => Assert.Equal("pending", l.GetProperty("previousStatus").GetString()));
        Assert.All(lines, l => Assert.Equal("reviewer", l.GetProperty("reviewer").GetString()));
        Assert.Equal("2026-03-02T09:00:00.000Z", lines[0].GetProperty("at").GetString());
        Assert.Equal("clear propaganda", lines[0].GetProperty("note").GetString());

        var ranged = await (await Reviewer.GetAsync("/v1/review/audit?from=2026-03-02T09:30:00Z&to=2026-03-02T10:00:00Z")).Content.ReadAsStringAsync();
        var only = Assert.Single(ranged.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(ids[1], JsonDocument.Parse(only).RootElement.GetProperty("itemId").GetString());
        await (await Reviewer.GetAsync("/v1/review/audit?from=soon")).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ConfirmedPostBlocksRepostsWithAddedHashtagsAndEmojiNamingTheItem()
    {
        var text = ReviewedPost("soldiers of the caliphate attacked the apostate army barracks and killed dozens, praise be to the Dawlah");
        var first = await ModerateAsync(Moderator, text);
        Assert.Equal("review", first.GetProperty("action").GetString());
        var id = await ItemIdOfAsync(Reviewer, text);
        await DecideOkAsync(Reviewer, id, "confirm");

        foreach (var repost in new[] { text, text + " #dawlah #news 🔥🔥", "🔥 " + text.ToUpperInvariant() + "!!!" })
        {
            var verdict = await ModerateAsync(Moderator, repost);
            if (repost == text)
            {
                // The rules' verdict comes from the cache; the bank still applies.
                Assert.True(verdict.GetProperty("cached").GetBoolean());
            }

            Assert.True(verdict.GetProperty("action").GetString() == "block", verdict.ToString());
            Assert.True(verdict.GetProperty("flagged").GetBoolean());
            var bank = Assert.Single(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
            Assert.Equal("bank", bank.GetProperty("ruleId").GetString());
            Assert.Contains(id, bank.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("Hamming distance", bank.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(0, bank.GetProperty("start").GetInt32());
            Assert.Equal(repost.Length, bank.GetProperty("end").GetInt32());
            Assert.Equal(1.0, bank.GetProperty("score").GetDouble());
            var label = bank.GetProperty("label").GetString()!;
            Assert.Equal(1.0, verdict.GetProperty("labels").GetProperty(label).GetProperty("score").GetDouble());
        }

        // Banked re-posts are items already confirmed by the bank: nothing waits for a reviewer. The exact re-post
        // counts up on the original; the others are new items with the bank's confirmation in their history.
        Assert.Empty(await AllItemsAsync(Reviewer, "?status=pending"));
        var items = await AllItemsAsync(Reviewer);
        Assert.All(items, i => Assert.Equal("confirmed", i.GetProperty("status").GetString()));
        Assert.Equal(4, items.Sum(i => i.GetProperty("occurrences").GetInt64()));
        Assert.Equal(2, (await GetAsync(Reviewer, id)).GetProperty("occurrences").GetInt64());
        foreach (var auto in items.Where(i => i.GetProperty("id").GetString() != id))
        {
            var history = Assert.Single((await GetAsync(Reviewer, auto.GetProperty("id").GetString()!)).GetProperty("history").EnumerateArray());
            Assert.Equal("bank", history.GetProperty("reviewer").GetString());
            Assert.Contains(id, history.GetProperty("note").GetString(), StringComparison.Ordinal);
        }

        var unrelated = await ModerateAsync(Moderator, "Lovely weather in Leeds today, the football was good too");
        Assert.Equal("allow", unrelated.GetProperty("action").GetString());
    }

    [Fact]
    public async Task RepostWithOneWordChangedIsBlockedAndQueuedForAReviewerWhoseDismissalAllowsIt()
    {
        var text = BlockedPost("bank");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);
        await DecideOkAsync(Reviewer, id, "confirm", "financing appeal");
        Clock.Advance(TimeSpan.FromMinutes(5));
        var repost = "🔥 " + text.Replace("the fight", "the war", StringComparison.Ordinal);

        var verdict = await ModerateAsync(Moderator, repost, id: "repost-1");

        Assert.Equal("block", verdict.GetProperty("action").GetString());
        var bank = Assert.Single(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
        var detail = bank.GetProperty("detail").GetString()!;
        Assert.Contains(id, detail, StringComparison.Ordinal);
        Assert.Contains("near duplicate", detail, StringComparison.Ordinal);
        Assert.Matches(@"Jaccard similarity 0\.[7-9]\d, SimHash Hamming distance \d+\)$", detail);

        // Edited words can turn the meaning round, so the block waits for a reviewer like any other block.
        var pending = Assert.Single(await AllItemsAsync(Reviewer, "?status=pending"));
        var editedId = pending.GetProperty("id").GetString()!;
        Assert.NotEqual(id, editedId);
        Assert.Equal("block", pending.GetProperty("action").GetString());
        Assert.Equal("repost-1", pending.GetProperty("postId").GetString());
        var item = await GetAsync(Reviewer, editedId);
        Assert.Equal(repost, item.GetProperty("text").GetString());
        Assert.Equal(verdict.ToString(), item.GetProperty("verdict").ToString());
        Assert.Empty(item.GetProperty("history").EnumerateArray());

        // The same re-post again counts up; a doNotStore re-post is blocked but not stored.
        Assert.Equal("block", (await ModerateAsync(Moderator, repost)).GetProperty("action").GetString());
        Assert.Equal("block", (await ModerateAsync(Moderator, repost + " again", doNotStore: true)).GetProperty("action").GetString());
        Assert.Equal(2, (await GetAsync(Reviewer, editedId)).GetProperty("occurrences").GetInt64());
        Assert.Equal(2, (await AllItemsAsync(Reviewer)).Count);

        // The reviewer's dismissal of the edited text outranks the near match from then on.
        await DecideOkAsync(Reviewer, editedId, "dismiss", "the edit changes what it says");
        var after = await ModerateAsync(Moderator, repost);
        Assert.Equal("allow", after.GetProperty("action").GetString());
        var allow = Assert.Single(after.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "allowList");
        Assert.Contains(editedId, allow.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(await AllItemsAsync(Reviewer, "?status=pending"));
    }

    [Fact]
    public async Task NegatedRepostOfConfirmedContentIsNotMatchedByTheBank()
    {
        var text = BlockedPost("negation");
        await ModerateAsync(Moderator, text);
        await DecideOkAsync(Reviewer, await ItemIdOfAsync(Reviewer, text), "confirm");

        var negated = text.Replace("Brothers, equip", "Brothers, never equip", StringComparison.Ordinal);
        var verdict = await ModerateAsync(Moderator, negated);

        Assert.NotEqual(text, negated);
        Assert.DoesNotContain(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
    }

    [Fact]
    public async Task PostSharingWordsWithConfirmedContentButSayingSomethingElseIsQueuedNotBlocked()
    {
        var text = BlockedPost("original");
        await ModerateAsync(Moderator, text);
        await DecideOkAsync(Reviewer, await ItemIdOfAsync(Reviewer, text), "confirm");

        var other = $"[other] Brothers, the apostates say the Islamic State has no weapons left; donate now to our mosque fund instead: {MoneroAddress}";
        var verdict = await ModerateAsync(Moderator, other);

        Assert.DoesNotContain(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
        Assert.Single(await AllItemsAsync(Reviewer, "?status=pending"));
    }

    [Fact]
    public async Task DismissedPostIsNotQueuedAgain()
    {
        var text = ReviewedPost("a history lecture on the caliphate");
        await ModerateAsync(Moderator, text);
        var id = await ItemIdOfAsync(Reviewer, text);
        await DecideOkAsync(Reviewer, id, "dismiss", "history lecture");

        var again = await ModerateAsync(Moderator, text);

        Assert.Equal("allow", again.GetProperty("action").GetString());
        Assert.False(again.GetProperty("flagged").GetBoolean());
        var allow = Assert.Single(again.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "allowList");
        Assert.Equal("allowList", allow.GetProperty("ruleId").GetString());
        Assert.Contains(id, allow.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(again.GetProperty("labels").EnumerateObject(), l => Assert.False(l.Value.GetProperty("flagged").GetBoolean()));
        Assert.Equal([id], (await AllItemsAsync(Reviewer)).Select(i => i.GetProperty("id").GetString()));
        Assert.Equal(1, (await GetAsync(Reviewer, id)).GetProperty("occurrences").GetInt64());
    }
}
