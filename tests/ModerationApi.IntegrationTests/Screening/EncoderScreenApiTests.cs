using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Screening;

/// <summary>The service with the model on and a screen threshold that clears every post without rule evidence.</summary>
[Collection(MetricsCollection.Name)]
public sealed class EncoderScreenApiTests(EncoderScreenApiTests.ClearingEverything factory) : IClassFixture<EncoderScreenApiTests.ClearingEverything>
{
    private readonly HttpClient _client = factory.ClientWithKey(ModerationApiFactory.ModerateKey);

    [Fact]
    public async Task ClearedPostSaysSoInItsCoverageAndMetricsCountIt()
    {
        var verdict = await ModerateAsync("Lovely weather in Leeds today, off to the park with the kids.");

        var coverage = Assert.Single(verdict.GetProperty("coverage").EnumerateArray());
        Assert.Equal("en", coverage.GetProperty("language").GetString());
        Assert.False(coverage.GetProperty("model").GetBoolean());
        Assert.True(coverage.GetProperty("screened").GetBoolean());
        Assert.EndsWith("@1", verdict.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);

        var metrics = await (await factory.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("moderation_screen_cleared", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("Leeds", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWithRuleEvidenceIsReadByTheModelAndNotMarked()
    {
        var verdict = await ModerateAsync("The Islamic State will remain, join the soldiers of the caliphate.");

        Assert.NotEmpty(verdict.GetProperty("evidence").EnumerateArray());
        var coverage = Assert.Single(verdict.GetProperty("coverage").EnumerateArray());
        Assert.True(coverage.GetProperty("model").GetBoolean());
        Assert.False(coverage.TryGetProperty("screened", out _));
    }

    private async Task<JsonElement> ModerateAsync(string text)
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>The model on; threshold 1 clears every post the screen may see.</summary>
    public sealed class ClearingEverything : ModerationApiFactory
    {
        public ClearingEverything()
        {
            With("Classifier:Enabled", "true");
            With("Screen:Threshold", "1");
        }
    }
}
