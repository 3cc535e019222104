using System.Net;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>
/// Review data on a real redis-server with <c>--appendonly yes --appendfsync always</c>: it survives a new service
/// instance and a SIGKILL of redis-server restarted on the same data folder; moderation keeps answering while Redis is down.
/// </summary>
[Collection(MetricsCollection.Name)]
public sealed class ReviewPersistenceTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new() { AppendOnly = true };

    public Task InitializeAsync() => _redis.InitializeAsync();

    public Task DisposeAsync() => _redis.DisposeAsync();

    private ModerationApiFactory NewService() => new ModerationApiFactory().With("ConnectionStrings:Redis", _redis.ConnectionString);

    [Fact]
    public async Task ItemsDecisionsAndTheBankSurviveANewServiceInstance()
    {
        var (confirmedId, dismissedId, pendingId, confirmedText, dismissedText) = await SeedAsync();

        await using var second = NewService();
        await AssertSurvivedAsync(second, confirmedId, dismissedId, pendingId, confirmedText, dismissedText);
    }

    [Fact]
    public async Task ItemsDecisionsAndTheBankSurviveAKillOfRedisServer()
    {
        var (confirmedId, dismissedId, pendingId, confirmedText, dismissedText) = await SeedAsync();

        await _redis.StopAsync();
        Assert.NotEmpty(Directory.EnumerateFiles(_redis.DataDirectory, "appendonly.aof*", SearchOption.AllDirectories));
        await _redis.StartAsync();

        await using var after = NewService();
        await AssertSurvivedAsync(after, confirmedId, dismissedId, pendingId, confirmedText, dismissedText);
    }

    [Fact]
    public async Task ADecisionOnOneInstanceReachesAnotherRunningInstance()
    {
        await using var first = NewService().With("Review:KnownContentRefresh", "00:00:00.100");
        await using var second = NewService().With("Review:KnownContentRefresh", "00:00:00.100");
        var moderatorOnSecond = second.ClientWithKey(ModerationApiFactory.ModerateKey);
        var text = ReviewedPost("the caliphate remains and expands, pledge to its soldiers today");
        Assert.Equal("review", (await ModerateAsync(moderatorOnSecond, text)).GetProperty("action").GetString());
        var reviewerOnFirst = first.ClientWithKey(ModerationApiFactory.ReviewKey);
        var id = await ItemIdOfAsync(reviewerOnFirst, text);

        await DecideOkAsync(reviewerOnFirst, id, "confirm");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement verdict;
        do
        {
            await Task.Delay(100);
            verdict = await ModerateAsync(moderatorOnSecond, text + " #repost");
        }
        while (verdict.GetProperty("action").GetString() != "block" && DateTime.UtcNow < deadline);

        Assert.Equal("block", verdict.GetProperty("action").GetString());
        Assert.Contains(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank");
    }

    [Fact]
    public async Task ModerationAnswersWhileRedisIsDownAndQueuesAgainAfterwards()
    {
        await using var service = NewService();
        var moderator = service.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = service.ClientWithKey(ModerationApiFactory.ReviewKey);
        await ModerateAsync(moderator, BlockedPost("before"));

        await _redis.StopAsync();
        var during = await ModerateAsync(moderator, BlockedPost("during"));
        Assert.Equal("block", during.GetProperty("action").GetString());
        var metrics = await (await service.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains(metrics.Split('\n'), l => l.StartsWith("moderation_review_enqueue", StringComparison.Ordinal) && l.Contains("result=\"failed\"", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
        await _redis.StartAsync();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string[] previews = [];
        while (DateTime.UtcNow < deadline)
        {
            await ModerateAsync(moderator, BlockedPost("after"));
            var response = await reviewer.GetAsync("/v1/review/items");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                previews = [.. (await response.JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("preview").GetString()![..8])];
                if (previews.Contains("[after] "))
                {
                    break;
                }
            }

            await Task.Delay(200);
        }

        Assert.Contains("[after] ", previews);
        Assert.Contains("[before]", previews);
        Assert.DoesNotContain("[during]", previews);
    }

    private async Task<(string Confirmed, string Dismissed, string Pending, string ConfirmedText, string DismissedText)> SeedAsync()
    {
        await using var first = NewService();
        var moderator = first.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = first.ClientWithKey(ModerationApiFactory.ReviewKey);
        var confirmedText = ReviewedPost("the lions of the caliphate will return to every city they lost");
        var dismissedText = ReviewedPost("a film about the fall of the caliphate in Raqqa");
        var pendingText = BlockedPost("pending");
        await ModerateAsync(moderator, confirmedText);
        await ModerateAsync(moderator, dismissedText);
        await ModerateAsync(moderator, pendingText);
        await ModerateAsync(moderator, pendingText);
        var confirmed = await ItemIdOfAsync(reviewer, confirmedText);
        var dismissed = await ItemIdOfAsync(reviewer, dismissedText);
        var pending = await ItemIdOfAsync(reviewer, pendingText);
        await DecideOkAsync(reviewer, confirmed, "confirm", "kept");
        await DecideOkAsync(reviewer, dismissed, "dismiss");
        return (confirmed, dismissed, pending, confirmedText, dismissedText);
    }

    private static async Task AssertSurvivedAsync(ModerationApiFactory service, string confirmedId, string dismissedId, string pendingId, string confirmedText, string dismissedText)
    {
        var moderator = service.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = service.ClientWithKey(ModerationApiFactory.ReviewKey);

        var confirmed = await GetAsync(reviewer, confirmedId);
        Assert.Equal("confirmed", confirmed.GetProperty("status").GetString());
        Assert.Equal(confirmedText, confirmed.GetProperty("text").GetString());
        var decision = Assert.Single(confirmed.GetProperty("history").EnumerateArray());
        Assert.Equal("kept", decision.GetProperty("note").GetString());
        Assert.Equal("dismissed", (await GetAsync(reviewer, dismissedId)).GetProperty("status").GetString());
        var pending = await GetAsync(reviewer, pendingId);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        Assert.Equal(2, pending.GetProperty("occurrences").GetInt64());
        Assert.Equal(3, (await AllItemsAsync(reviewer)).Count);
        await (await DecideAsync(reviewer, confirmedId, "dismiss")).AssertProblemAsync(HttpStatusCode.Conflict);

        var audit = (await (await reviewer.GetAsync("/v1/review/audit")).Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("itemId").GetString()).ToList();
        Assert.Equal([confirmedId, dismissedId], audit);

        // The new instance loaded the bank and the allow list at start-up, with the confirmed item's words for near matches.
        var repost = await ModerateAsync(moderator, confirmedText.Replace("every city", "each city", StringComparison.Ordinal) + " #caliphate 🦁", id: "edited");
        Assert.Equal("block", repost.GetProperty("action").GetString());
        Assert.Contains(repost.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "bank"
            && e.GetProperty("detail").GetString()!.Contains(confirmedId, StringComparison.Ordinal)
            && e.GetProperty("detail").GetString()!.Contains("Jaccard similarity", StringComparison.Ordinal));
        Assert.Contains(await AllItemsAsync(reviewer, "?status=pending"), i => i.GetProperty("postId").GetString() == "edited");

        // The same words with a hashtag added: blocked and stored as confirmed by the bank.
        var same = await ModerateAsync(moderator, confirmedText + " #caliphate", id: "same-words");
        Assert.Equal("block", same.GetProperty("action").GetString());
        var auto = Assert.Single(await AllItemsAsync(reviewer, "?status=confirmed"), i => i.GetProperty("id").GetString() != confirmedId);
        Assert.Equal("same-words", auto.GetProperty("postId").GetString());
        Assert.Equal("bank", Assert.Single((await GetAsync(reviewer, auto.GetProperty("id").GetString()!)).GetProperty("history").EnumerateArray())
            .GetProperty("reviewer").GetString());
        var again = await ModerateAsync(moderator, dismissedText);
        Assert.Equal("allow", again.GetProperty("action").GetString());
        Assert.Contains(again.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "allowList");
    }
}
