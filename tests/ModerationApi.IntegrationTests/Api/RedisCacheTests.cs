using System.Net;
using System.Net.Http.Json;
using ModerationApi.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>The verdict cache on a real redis-server: hits, doNotStore, privacy of keys and values, and an outage.</summary>
public sealed class RedisCacheTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private ModerationApiFactory _factory = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await _redis.InitializeAsync();
        _factory = new ModerationApiFactory().With("ConnectionStrings:Redis", _redis.ConnectionString);
        _client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
    }

    [Fact]
    public async Task FirstRequestMissesAndSecondHitsRedis()
    {
        var text = $"{Guid.NewGuid():N} Support the mujahideen, send XMR";

        var first = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        var second = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("evidence").ToString(), second.GetProperty("evidence").ToString());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "verdict:*").ToList();
        Assert.Single(keys);
    }

    [Fact]
    public async Task KeysAndValuesNeverContainThePostText()
    {
        var marker = $"privacymarker{Guid.NewGuid():N}";
        var text = $"{marker} equip a mujahid of the Islamic State";
        await _client.PostAsJsonAsync("/v1/moderate", new { text });

        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);

        // The review queue (review:*) keeps flagged posts' text by design, for reviewers; the verdict cache never does.
        var keys = server.Keys(pattern: "verdict:*").ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(marker, key.ToString(), StringComparison.Ordinal);
            string value = (await connection.GetDatabase().StringGetAsync(key))!;
            Assert.DoesNotContain(marker, value, StringComparison.Ordinal);
            Assert.DoesNotContain("Islamic State", value, StringComparison.Ordinal);
            Assert.True((await connection.GetDatabase().KeyTimeToLiveAsync(key)) > TimeSpan.Zero, "entries must expire");
        }
    }

    [Fact]
    public async Task DoNotStoreWritesNothingToRedis()
    {
        var text = $"{Guid.NewGuid():N} send XMR";

        await _client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true });
        var again = await (await _client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true })).JsonAsync();

        Assert.False(again.GetProperty("cached").GetBoolean());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        Assert.Empty(connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*"));
    }

    [Fact]
    public async Task RedisStoppedMidRunServiceKeepsAnsweringDegradedThenRecovers()
    {
        var text = $"{Guid.NewGuid():N} soldiers of the caliphate";
        Assert.Equal("Healthy", await (await _client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        await _client.PostAsJsonAsync("/v1/moderate", new { text });

        await _redis.StopAsync();

        var during = await _client.PostAsJsonAsync("/v1/moderate", new { text });
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.False((await during.JsonAsync()).GetProperty("cached").GetBoolean());
        await WaitFor(async () => await (await _client.GetAsync("/health/ready")).Content.ReadAsStringAsync() == "Degraded");

        await _redis.StartAsync();
        await WaitFor(async () => await (await _client.GetAsync("/health/ready")).Content.ReadAsStringAsync() == "Healthy");

        // The restarted server is empty (no persistence in this test): miss, then hit.
        var afterFirst = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        var afterSecond = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        Assert.False(afterFirst.GetProperty("cached").GetBoolean());
        Assert.True(afterSecond.GetProperty("cached").GetBoolean());
    }

    private static async Task WaitFor(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("condition not reached within 30 s");
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
