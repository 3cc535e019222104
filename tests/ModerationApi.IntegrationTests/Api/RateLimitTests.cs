using System.Net;
using System.Net.Http.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>The per-key limit answers 429 ProblemDetails with Retry-After, and one key's burst does not block another.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly ModerationApiFactory _factory = new ModerationApiFactory()
        .With("RateLimit:PermitLimit", "3")
        .With("RateLimit:Window", "00:01:00");

    [Fact]
    public async Task RequestsOverTheLimitGetTooManyRequestsWithRetryAfter()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/moderate", new { text = "hello" })).StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/v1/moderate", new { text = "hello" });

        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After must be set");

        var otherKey = _factory.ClientWithKey(ModerationApiFactory.AdminKey);
        Assert.Equal(HttpStatusCode.OK, (await otherKey.PostAsJsonAsync("/v1/moderate", new { text = "hello" })).StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
