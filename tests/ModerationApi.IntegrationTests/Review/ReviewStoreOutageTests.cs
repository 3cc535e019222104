using System.Net;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The review API when the redis-server holding review data goes away: a retryable 503, never a 500.</summary>
public sealed class ReviewStoreOutageTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private ModerationApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _factory = new ModerationApiFactory().With("ConnectionStrings:Redis", _redis.ConnectionString);
    }

    [Fact]
    public async Task ReviewCallsWithRedisStoppedAreRetryableServiceUnavailableProblems()
    {
        var moderator = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = _factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        await ReviewApi.ModerateAsync(moderator, ReviewApi.BlockedPost("outage"));
        var id = (await ReviewApi.AllItemsAsync(reviewer)).Single().GetProperty("id").GetString()!;

        await _redis.StopAsync();

        var list = await reviewer.GetAsync("/v1/review/items");
        await list.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("5", list.Headers.RetryAfter?.ToString());
        await (await reviewer.GetAsync($"/v1/review/items/{id}")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await (await ReviewApi.DecideAsync(reviewer, id, "confirm")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);

        // Moderation itself keeps answering; the post simply cannot be queued while Redis is down.
        var verdict = await ReviewApi.ModerateAsync(moderator, ReviewApi.BlockedPost("during-outage"));
        Assert.Equal("block", verdict.GetProperty("action").GetString());
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
