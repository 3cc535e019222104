using System.Globalization;
using System.Text.RegularExpressions;
using ModerationApi.IntegrationTests.Infrastructure;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>
/// Issue 10, case 2, replayed on both stores: one key flooding flagged posts (padded with one long word, as reported)
/// fills only its own share of the review queue; verdicts still come back, drops are counted in /metrics and logged
/// without text; a re-post of an open item only counts it up; decisions give room back.
/// </summary>
public abstract partial class ReviewCapTests : IDisposable
{
    private const int PerKey = 40;
    private const int Total = 60;
    private readonly CapturedLogs _logs = new();
    private ModerationApiFactory? _factory;

    protected ModerationApiFactory Factory => _factory ??= Configure(new ModerationApiFactory()
        .With("Review:MaxOpenItemsPerKey", PerKey.ToString(CultureInfo.InvariantCulture))
        .With("Review:MaxOpenItems", Total.ToString(CultureInfo.InvariantCulture))
        .With("RateLimit:PermitLimit", "100000")
        .WithServices(_logs.AddTo));

    protected abstract ModerationApiFactory Configure(ModerationApiFactory factory);

    [Fact]
    public async Task AFloodFromOneKeyQueuesOnlyItsCapAndEveryPostStillGetsItsVerdict()
    {
        var moderator = Factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = Factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        var padding = new string('w', 15_000);
        var marker = $"floodmarker{Guid.NewGuid():N}";

        for (var i = 0; i < 200; i++)
        {
            var verdict = await ModerateAsync(moderator, $"{BlockedPost(marker + i)} {padding}");
            Assert.Equal("block", verdict.GetProperty("action").GetString());
        }

        Assert.Equal(PerKey, await CountOpenAsync(reviewer));
        Assert.Equal(200 - PerKey, await DroppedAsync());
        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains(marker, StringComparison.Ordinal) || e.Message.Contains("www", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Message.Contains("open-item caps", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARepostOfAnOpenItemCountsItUpEvenAtTheCap()
    {
        var moderator = Factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = Factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        for (var i = 0; i < PerKey; i++)
        {
            await ModerateAsync(moderator, BlockedPost($"cap{i}"));
        }

        await ModerateAsync(moderator, BlockedPost("cap0"));
        await ModerateAsync(moderator, BlockedPost("cap-over"));

        var first = await GetAsync(reviewer, await ItemIdOfAsync(reviewer, BlockedPost("cap0")));
        Assert.Equal(2, first.GetProperty("occurrences").GetInt32());
        Assert.Equal(PerKey, await CountOpenAsync(reviewer));
        Assert.Equal(1, await DroppedAsync());
    }

    [Fact]
    public async Task TheTotalCapHoldsAcrossKeysAndADecisionGivesRoomBack()
    {
        var moderator = Factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var admin = Factory.ClientWithKey(ModerationApiFactory.AdminKey);
        var reviewer = Factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        for (var i = 0; i < PerKey; i++)
        {
            await ModerateAsync(moderator, BlockedPost($"m{i}"));
            await ModerateAsync(admin, BlockedPost($"a{i}"));
        }

        Assert.Equal(Total, await CountOpenAsync(reviewer));
        await ModerateAsync(admin, BlockedPost("a-late"));
        Assert.Equal(Total, await CountOpenAsync(reviewer));

        await DecideOkAsync(reviewer, await ItemIdOfAsync(reviewer, BlockedPost("m0")), "dismiss");
        await ModerateAsync(admin, BlockedPost("a-after-decision"));

        Assert.Equal(Total, await CountOpenAsync(reviewer));
        Assert.Single(await AllItemsAsync(reviewer, "?limit=200&status=pending"), i => BlockedPost("a-after-decision").StartsWith(i.GetProperty("preview").GetString()!, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _factory?.Dispose();
        GC.SuppressFinalize(this);
    }

    private static async Task<int> CountOpenAsync(HttpClient reviewer)
    {
        var pending = await AllItemsAsync(reviewer, "?limit=200&status=pending");
        var escalated = await AllItemsAsync(reviewer, "?limit=200&status=escalated");
        return pending.Count + escalated.Count;
    }

    private async Task<long> DroppedAsync()
    {
        // The exporter caches a scrape briefly; the counter is final once the requests above have answered.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        long value = 0;
        do
        {
            var metrics = await (await Factory.CreateClient().GetAsync("/metrics", guard.Token)).Content.ReadAsStringAsync(guard.Token);
            var match = DroppedLine().Match(metrics);
            value = match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            if (value > 0)
            {
                return value;
            }

            await Task.Delay(100, guard.Token);
        }
        while (true);
    }

    [GeneratedRegex("""^moderation_review_enqueue[a-z_]*\{[^}]*result="dropped"[^}]*\} (\d+)""", RegexOptions.Multiline)]
    private static partial Regex DroppedLine();
}

/// <summary>The caps with the in-process store.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MemoryReviewCapTests : ReviewCapTests
{
    protected override ModerationApiFactory Configure(ModerationApiFactory factory) => factory;
}

/// <summary>The caps with the Redis store (each test on its own key prefix).</summary>
[Collection(MetricsCollection.Name)]
public sealed class RedisReviewCapTests(RedisServer redis) : ReviewCapTests, IClassFixture<RedisServer>
{
    protected override ModerationApiFactory Configure(ModerationApiFactory factory) => factory
        .With("ConnectionStrings:Redis", redis.ConnectionString)
        .With("Review:RedisKeyPrefix", $"review-{Guid.NewGuid():N}:");
}
