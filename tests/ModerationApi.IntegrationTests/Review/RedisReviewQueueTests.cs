using Microsoft.Extensions.DependencyInjection;
using ModerationApi.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The review API on a real redis-server; each test has its own key prefix, so its queue starts empty.</summary>
public sealed class RedisReviewQueueTests(RedisServer redis) : ReviewQueueTests, IClassFixture<RedisServer>
{
    private readonly CapturedLogs _logs = new();

    protected override ModerationApiFactory Configure(ModerationApiFactory factory) => factory
        .With("ConnectionStrings:Redis", redis.ConnectionString)
        .With("Review:RedisKeyPrefix", $"review-{Guid.NewGuid():N}:")
        .WithServices(_logs.AddTo);

    [Fact]
    public async Task StartUpDoesNotWarnAboutMemoryWithRedisConfigured()
    {
        await Reviewer.GetAsync("/v1/review/me");

        Assert.DoesNotContain(_logs.Entries, e => e.Message.Contains("lost on restart", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Message.Contains("Known-content bank loaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetentionLeavesNoKeyOrIndexEntryNamingADeletedItem()
    {
        var prefix = $"review-{Guid.NewGuid():N}:";
        await using var factory = ServiceOn(prefix, retention: "01:00:00");
        using var moderator = factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        using var reviewer = factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        var text = ReviewedPost("purged");
        await ModerateAsync(moderator, text);
        var id = await ItemIdOfAsync(reviewer, text);
        await DecideOkAsync(reviewer, id, "confirm", note: "seen it");
        Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, await factory.Services.GetRequiredService<ModerationApi.Review.ReviewRetention>().SweepAsync(CancellationToken.None));

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var database = connection.GetDatabase();
        var keys = server.Keys(pattern: prefix + "*").Select(k => (string)k!).ToList();
        Assert.DoesNotContain(keys, k => k.Contains(id, StringComparison.Ordinal));
        foreach (var key in keys.Where(k => database.KeyType(k) == RedisType.SortedSet))
        {
            Assert.DoesNotContain(database.SortedSetRangeByRank(key), m => ((string)m!).Contains(id, StringComparison.Ordinal));
        }

        // What stays names the item but holds no post text: the bank entry and the audit log.
        Assert.Single(await database.HashKeysAsync(prefix + "bank"));
        Assert.DoesNotContain(text, (await database.StreamRangeAsync(prefix + "audit")).Single().Values.Single().Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetentionAlsoDeletesItemsDecidedBeforeTheRetentionIndexExisted()
    {
        var prefix = $"review-{Guid.NewGuid():N}:";
        var oldText = ReviewedPost("decided-by-an-older-build");
        var newText = ReviewedPost("decided-just-now");
        string old, recent;
        await using (var before = ServiceOn(prefix, retention: null))
        {
            using var moderator = before.ClientWithKey(ModerationApiFactory.ModerateKey);
            using var reviewer = before.ClientWithKey(ModerationApiFactory.ReviewKey);
            await ModerateAsync(moderator, oldText);
            await ModerateAsync(moderator, newText);
            old = await ItemIdOfAsync(reviewer, oldText);
            recent = await ItemIdOfAsync(reviewer, newText);
            await DecideOkAsync(reviewer, old, "dismiss");
            await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
            {
                // An older build wrote no retention index.
                Assert.True(await connection.GetDatabase().KeyDeleteAsync(prefix + "decided"));
            }

            Clock.Advance(TimeSpan.FromHours(2));
            await DecideOkAsync(reviewer, recent, "dismiss");
        }

        await using var after = ServiceOn(prefix, retention: "01:00:00");
        using var afterReviewer = after.ClientWithKey(ModerationApiFactory.ReviewKey);

        // The sweep at start-up may already have run; either way the old item is gone afterwards.
        await after.Services.GetRequiredService<ModerationApi.Review.ReviewRetention>().SweepAsync(CancellationToken.None);

        await (await afterReviewer.GetAsync($"/v1/review/items/{old}")).AssertProblemAsync(System.Net.HttpStatusCode.NotFound);
        Assert.Equal("dismissed", (await GetAsync(afterReviewer, recent)).GetProperty("status").GetString());
    }

    // A service on this test's Redis with a chosen key prefix (to share data between instances) and retention.
    private ModerationApiFactory ServiceOn(string prefix, string? retention) => new ModerationApiFactory()
        .With("ConnectionStrings:Redis", redis.ConnectionString)
        .With("Review:RedisKeyPrefix", prefix)
        .With("Review:DecidedItemRetention", retention)
        .WithServices(s => s.AddSingleton<TimeProvider>(Clock));
}
