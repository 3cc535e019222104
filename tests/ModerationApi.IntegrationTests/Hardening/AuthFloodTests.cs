using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>Issue 10, cases 5 and 6: floods of bad keys meet 429 and stay out of the logs; one key header only.</summary>
[Collection(MetricsCollection.Name)]
public sealed class AuthFloodTests : IDisposable
{
    private readonly CapturedLogs _logs = new();
    private readonly ModerationApiFactory _factory;

    public AuthFloodTests()
    {
        _factory = new ModerationApiFactory()
            .With("RateLimit:Window", "00:10:00")
            .With("Logging:LogLevel:ModerationApi.Security.AuthFailures", "Debug")
            .WithServices(_logs.AddTo);
    }

    [Fact]
    public async Task ThreeThousandWrongKeyRequestsMeet429sAndWriteNothingAtInformationOrAbove()
    {
        var client = _factory.ClientWithKey("wrong-key");
        var statuses = new List<HttpStatusCode>();
        var gate = new SemaphoreSlim(8);
        var tasks = Enumerable.Range(0, 3000).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await client.PostAsJsonAsync("/v1/moderate", new { text = "hello" });
                lock (statuses)
                {
                    statuses.Add(response.StatusCode);
                }
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);

        Assert.Equal(3000, statuses.Count);
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.Equal(30, statuses.Count(s => s == HttpStatusCode.Unauthorized)); // RateLimit:FailedAuthPermitLimit per window
        Assert.Equal(2970, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        var limited = await client.PostAsJsonAsync("/v1/moderate", new { text = "hello" });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);

        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Information && (e.Category.Contains("Authentication", StringComparison.Ordinal)
            || e.Category.Contains("Security", StringComparison.Ordinal) || e.Category.Contains("Authorization", StringComparison.Ordinal)));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Debug && e.Category == "ModerationApi.Security.AuthFailures");

        var metrics = await (await _factory.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("moderation_auth_failures", metrics, StringComparison.Ordinal);
        Assert.Contains("result=\"rate_limited\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidKeyStillWorksFromAnAddressThatIsNotFlooding()
    {
        var good = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);

        var response = await good.PostAsJsonAsync("/v1/moderate", new { text = "hello" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TwoKeyHeadersAreRefusedEvenWhenTheFirstIsValid()
    {
        var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/moderate") { Content = JsonContent.Create(new { text = "hello" }) };
        request.Headers.TryAddWithoutValidation("X-Api-Key", [ModerationApiFactory.ModerateKey, "another-key"]);

        var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("More than one API key.", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AnEmptyKeyIsToldToSendAKeyNotThatItIsUnknown()
    {
        var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/moderate") { Content = JsonContent.Create(new { text = "hello" }) };
        request.Headers.TryAddWithoutValidation("X-Api-Key", string.Empty);

        var response = await client.SendAsync(request);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("API key required.", problem.GetProperty("title").GetString());
    }

    public void Dispose() => _factory.Dispose();
}
