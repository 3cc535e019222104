using System.Net;
using System.Net.Http.Json;
using System.Text;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>Every kind of bad request gets a ProblemDetails answer that names the field or reason; never a 500.</summary>
public sealed class ValidationTests(ModerationApiFactory factory) : IClassFixture<ModerationApiFactory>
{
    private readonly HttpClient _client = factory.ClientWithKey(ModerationApiFactory.ModerateKey);

    [Fact]
    public async Task MissingTextReturnsValidationProblemNamingText()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { id = "a" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task EmptyTextReturnsValidationProblemNamingText()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { text = "" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task TextOverTheLimitReturnsValidationProblemNamingText()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { text = new string('a', 20_001) });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("20000", problem.GetProperty("errors").GetProperty("text")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextAtTheLimitIsAccepted()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { text = new string('a', 20_000) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task IdOverTheLimitReturnsValidationProblemNamingId()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { id = new string('x', 129), text = "hello" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
    }

    [Fact]
    public async Task EmptyBatchReturnsValidationProblemNamingItems()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate/batch", new { items = Array.Empty<object>() });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("items", out _));
    }

    [Fact]
    public async Task BatchWithTooManyItemsReturnsProblemDetails()
    {
        var items = Enumerable.Range(0, 257).Select(i => new { id = $"p{i}", text = "hello" }).ToArray();

        var response = await _client.PostAsJsonAsync("/v1/moderate/batch", new { items });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("256", problem.GetProperty("errors").GetProperty("items")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BatchItemWithoutTextIsNamedByIndex()
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate/batch", new { items = new object[] { new { text = "fine" }, new { id = "b" } } });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("items[1].text", out _), problem.ToString());
    }

    [Fact]
    public async Task MalformedJsonReturnsBadRequestProblem()
    {
        using var content = new StringContent("{\"text\": \"unterminated", Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/v1/moderate", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("field", out _));
    }

    [Fact]
    public async Task WrongJsonTypeNamesTheField()
    {
        using var content = new StringContent("{\"text\": 42}", Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/v1/moderate", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("text", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task InvalidUtf8ReturnsBadRequestProblem()
    {
        var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)'}' };
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync("/v1/moderate", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("UTF-8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongContentTypeReturnsUnsupportedMediaTypeProblem()
    {
        using var content = new StringContent("text=hello", Encoding.UTF8, "text/plain");

        var response = await _client.PostAsync("/v1/moderate", content);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("Content-Type", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task BodyOverFiveMegabytesReturnsPayloadTooLargeProblem()
    {
        using var content = new StringContent("{\"text\":\"" + new string('a', 5 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/v1/moderate", content);

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task EmptyBodyReturnsBadRequestProblem()
    {
        using var content = new StringContent("", Encoding.UTF8, "application/json");

        var response = await _client.PostAsync("/v1/moderate", content);

        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
    }
}
