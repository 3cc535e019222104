using ModerationApi.IntegrationTests.Infrastructure;

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
}
