using System.Net;
using System.Net.Http.Json;
using ModerationApi.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>The verdict cache on a real redis-server: hits, doNotStore, privacy of keys and values, and an outage.</summary>
public sealed class RedisCacheTests : ServiceOnRedisTests
{
    [Fact]
    public async Task FirstRequestMissesAndSecondHitsRedis()
    {
        var text = $"{Guid.NewGuid():N} Support the mujahideen, send XMR";

        var first = await (await Client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        var second = await (await Client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("evidence").ToString(), second.GetProperty("evidence").ToString());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var keys = connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "verdict:*").ToList();
        Assert.Single(keys);
    }

    [Fact]
    public async Task KeysAndValuesNeverContainThePostText()
    {
        var marker = $"privacymarker{Guid.NewGuid():N}";
        var text = $"{marker} equip a mujahid of the Islamic State";
        await Client.PostAsJsonAsync("/v1/moderate", new { text });

        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
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

        await Client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true });
        var again = await (await Client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true })).JsonAsync();

        Assert.False(again.GetProperty("cached").GetBoolean());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        Assert.Empty(connection.GetServer(connection.GetEndPoints()[0]).Keys(pattern: "*"));
    }

    [Fact]
    public async Task RedisStoppedMidRunServiceKeepsAnsweringDegradedThenRecovers()
    {
        var text = $"{Guid.NewGuid():N} soldiers of the caliphate";
        Assert.Equal("Healthy", await (await Client.GetAsync("/health/ready")).Content.ReadAsStringAsync());
        await Client.PostAsJsonAsync("/v1/moderate", new { text });

        await Redis.StopAsync();

        var during = await Client.PostAsJsonAsync("/v1/moderate", new { text });
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.False((await during.JsonAsync()).GetProperty("cached").GetBoolean());
        await WaitFor(async () => await (await Client.GetAsync("/health/ready")).Content.ReadAsStringAsync() == "Degraded");

        await Redis.StartAsync();
        await WaitFor(async () => await (await Client.GetAsync("/health/ready")).Content.ReadAsStringAsync() == "Healthy");

        // The restarted server is empty (no persistence in this test): miss, then hit.
        var afterFirst = await (await Client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        var afterSecond = await (await Client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
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
}
