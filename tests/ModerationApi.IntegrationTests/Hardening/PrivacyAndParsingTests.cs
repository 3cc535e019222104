using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModerationApi.IntegrationTests.Infrastructure;
using StackExchange.Redis;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>Issue 10, cases 3, 4 and 6: poster words out of the cache, one meaning per body, clean ids, no-store.</summary>
public sealed class PrivacyAndParsingTests : ServiceOnRedisTests
{
    [Fact]
    public async Task NoRedisValueHoldsAStringPlantedInAMoneroUriParameterName()
    {
        var name = $"call_alice_at_555_0123_{Guid.NewGuid():N}";
        var value = $"valuemarker{Guid.NewGuid():N}";
        var text = $"Donate to the brothers: monero:{MoneroAddress}?{name}={value}&tx_amount=2&tx_description=arms";

        var verdict = await (await Client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = false })).JsonAsync();
        var cachedAgain = await (await Client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();

        var uri = Assert.Single(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("ruleId").GetString() == "crypto.monero-uri");
        var detail = uri.GetProperty("detail").GetString()!;
        Assert.DoesNotContain(name, detail, StringComparison.Ordinal);
        Assert.DoesNotContain(value, detail, StringComparison.Ordinal);
        Assert.Contains("tx_amount", detail, StringComparison.Ordinal);
        Assert.Contains("1 other parameter", detail, StringComparison.Ordinal);
        Assert.True(cachedAgain.GetProperty("cached").GetBoolean());

        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: "verdict:*").ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            var stored = (string?)await connection.GetDatabase().StringGetAsync(key) ?? string.Empty;
            Assert.DoesNotContain("call_alice", stored, StringComparison.Ordinal);
            Assert.DoesNotContain(name, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(value, stored, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"text":"hello","text":"Brothers, equip a mujahid of the Islamic State with weapons"}""", "text")]
    [InlineData("""{"text":"Brothers, equip a mujahid of the Islamic State with weapons","text":"hello"}""", "text")]
    [InlineData("""{"id":"a","text":"hello","id":"b"}""", "id")]
    public async Task DuplicatePropertyNamesAreRefusedNamingTheProperty(string body, string property)
    {
        var response = await Client.PostAsync("/v1/moderate", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(property, problem.GetProperty("field").GetString());
        Assert.Contains($"'{property}' appears more than once", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADuplicatePropertyInsideABatchItemIsRefusedWithItsPath()
    {
        const string Body = """{"items":[{"text":"fine"},{"text":"hello","text":"other"}]}""";

        var response = await Client.PostAsync("/v1/moderate/batch", new StringContent(Body, Encoding.UTF8, "application/json"));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("items[1].text", problem.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("post\u0000one")]
    [InlineData("post\r\nSet-Cookie: x=1")]
    [InlineData("tab\there")]
    [InlineData("\u001b[31mred")]
    public async Task ControlCharactersInTheIdAreRefused(string id)
    {
        var single = await Client.PostAsJsonAsync("/v1/moderate", new { id, text = "hello" });
        var batch = await Client.PostAsJsonAsync("/v1/moderate/batch", new { items = new[] { new { id, text = "hello" } } });

        var problem = await single.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("control characters", problem.ToString(), StringComparison.Ordinal);
        await batch.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task EveryAnswerCarryingPostTextIsNoStore()
    {
        var reviewer = Factory.ClientWithKey(ModerationApiFactory.ReviewKey);
        var text = BlockedPost("nostore");
        var moderated = await Client.PostAsJsonAsync("/v1/moderate", new { text });
        var batch = await Client.PostAsJsonAsync("/v1/moderate/batch", new { items = new[] { new { text } } });
        var id = await ItemIdOfAsync(reviewer, text);
        var item = await reviewer.GetAsync($"/v1/review/items/{id}");
        var list = await reviewer.GetAsync("/v1/review/items");

        foreach (var response in new[] { moderated, batch, item, list })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoStore, response.RequestMessage!.RequestUri!.ToString());
        }
    }
}
