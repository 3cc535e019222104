using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The review API on a real redis-server; each test has its own key prefix, so its queue starts empty.</summary>
public sealed class RedisReviewQueueTests(RedisServer redis) : ReviewQueueTests, IClassFixture<RedisServer>
{
    protected override ModerationApiFactory Configure(ModerationApiFactory factory) => factory
        .With("ConnectionStrings:Redis", redis.ConnectionString)
        .With("Review:RedisKeyPrefix", $"review-{Guid.NewGuid():N}:");
}
