using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModerationApi.Engine.Pipeline;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>
/// The per-key limit counts model tokens, not requests, and readiness reports a saturated model queue; the limits here
/// are set low so a few dense posts reach them.
/// </summary>
public sealed class ModelLimitsTests : IDisposable
{
    // The model queue itself is under test: with the encoder screen on, the base58 filler would be cleared before it.
    private readonly ModerationApiFactory _factory = new ModerationApiFactory()
        .With("Classifier:Enabled", "true")
        .With("Screen:Enabled", "false")
        .With("Classifier:QueueCapacity", "8192")
        .With("Classifier:MaxBatchTokens", "512")
        .With("Admission:MaxRequestTokens", "8192")
        .With("Admission:KeyTokensPerWindow", "16384")
        .With("Admission:SaturationMemory", "00:00:02")
        .With("RateLimit:Window", "00:10:00");

    [Fact]
    public async Task TheKeyLimitCountsModelTokensSoFewDenseRequestsMeet429WhileTheRequestLimitIsFarAway()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        HttpResponseMessage? refused = null;
        var accepted = 0;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            // 8 dense posts of 512 model tokens each: 4,096 tokens per request, so the fifth request is over 16,384.
            var items = Enumerable.Range(0, 8).Select(j => new { text = HostilePosts.Base58Words(3_000, (i * 100) + j) }).ToArray();
            var response = await client.PostAsJsonAsync("/v1/moderate/batch", new { items });
            if (response.StatusCode == HttpStatusCode.OK)
            {
                accepted++;
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Equal(16_384, problem.GetProperty("keyTokensPerWindow").GetInt32());
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.InRange(accepted, 2, 4); // a request limit of 600 per window would have let all ten through

        // Another key has its own model tokens.
        var other = await _factory.ClientWithKey(ModerationApiFactory.AdminKey).PostAsJsonAsync("/v1/moderate", new { text = HostilePosts.Base58Words(3_000, 5) });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task ReadinessIsDegradedWhileTheModelQueueIsSaturatedAndHealthyOnceItDrains()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var health = _factory.CreateClient();
        var batcher = _factory.Services.GetRequiredService<MicroBatchingClassifier>();
        var items = Enumerable.Range(0, 16).Select(j => new { text = HostilePosts.Base58Words(3_000, 500 + j) }).ToArray();
        Assert.Equal("Healthy", await StatusAsync(health));

        var big = client.PostAsJsonAsync("/v1/moderate/batch", new { items });
        await WaitUntilAsync(() => batcher.QueuedCost > 0 || big.IsCompleted);
        var during = await StatusAsync(health);
        var queuedThen = batcher.QueuedCost;
        var second = await client.PostAsJsonAsync("/v1/moderate/batch", new { items = items.Reverse().Select(i => new { text = i.text + " again" }) });
        var afterRefusal = await StatusAsync(health);

        // 16 posts of 512 tokens fill the 8,192-token queue: more than half of it waits until the model has run eight
        // 512-token batches, and the second request cannot fit at all.
        Assert.True(during == "Degraded", $"queued {queuedThen} of 8192, readiness {during}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("Degraded", afterRefusal);
        Assert.Equal(HttpStatusCode.OK, (await big).StatusCode);
        await WaitUntilAsync(() => batcher.QueuedCost == 0);
        await WaitForAsync(health, "Healthy");
    }

    public void Dispose() => _factory.Dispose();

    private static async Task<string> StatusAsync(HttpClient health) =>
        (await (await health.GetAsync("/health/ready")).Content.ReadAsStringAsync()).Trim();

    private static async Task WaitForAsync(HttpClient health, string status)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await StatusAsync(health) != status)
        {
            await Task.Delay(20, guard.Token);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(1, guard.Token);
        }
    }
}
