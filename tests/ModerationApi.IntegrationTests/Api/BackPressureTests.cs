using System.Net;
using System.Net.Http.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>A full model queue answers 503 ProblemDetails with Retry-After; nothing accepted is lost.</summary>
public sealed class BackPressureTests : IDisposable
{
    private readonly ModerationApiFactory _factory = new ModerationApiFactory()
        .With("Classifier:Enabled", "true")
        .With("Classifier:QueueCapacity", "128")
        .With("Admission:MaxRequestTokens", "128")
        .With("Validation:MaxBatchItems", "1")
        .With("Classifier:MaxBatchSize", "1");

    [Fact]
    public async Task FullQueueAnswersServiceUnavailableWithRetryAfterAndServesTheRest()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var texts = Enumerable.Range(0, 48).Select(i => $"Post number {i} about the weather, the match and lunch plans for {i} people.").ToArray();

        var responses = await Task.WhenAll(texts.Select((text, i) => client.PostAsJsonAsync("/v1/moderate", new { id = $"q{i}", text })));

        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        foreach (var r in rejected)
        {
            await r.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        }

        for (var i = 0; i < responses.Length; i++)
        {
            if (responses[i].StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal($"q{i}", (await responses[i].JsonAsync()).GetProperty("id").GetString());
            }
        }

        // Once the burst is over the service answers again.
        var after = await client.PostAsJsonAsync("/v1/moderate", new { text = "hello again" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
