using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>The moderation endpoints end to end on the in-process cache.</summary>
[Collection(MetricsCollection.Name)]
public sealed class ModerationApiTests(ModerationApiFactory factory) : IClassFixture<ModerationApiFactory>
{
    private const string GeneralFund = "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";
    private readonly HttpClient _client = factory.ClientWithKey(ModerationApiFactory.ModerateKey);

    [Fact]
    public async Task VerdictHasAllFourLabelsVersionsAndEvidenceOffsetsIntoTheTextAsSent()
    {
        var text = $"Equip a mujahid of the Islamic State! Donate: {GeneralFund[..40]}\u200B{GeneralFund[40..]} Monero only";

        var response = await _client.PostAsJsonAsync("/v1/moderate", new { id = "post-1", text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = await response.JsonAsync();
        Assert.Equal("block", verdict.GetProperty("action").GetString());
        Assert.True(verdict.GetProperty("flagged").GetBoolean());
        var labels = verdict.GetProperty("labels");
        foreach (var label in new[] { "extremist_propaganda", "terrorist_financing", "crypto_donation_request", "isis_nft_reference" })
        {
            var l = labels.GetProperty(label);
            Assert.InRange(l.GetProperty("score").GetDouble(), 0, 1);
            Assert.Contains(l.GetProperty("severity").GetString(), new[] { "none", "low", "medium", "high" });
        }

        Assert.Equal("high", labels.GetProperty("terrorist_financing").GetProperty("severity").GetString());
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("rulesVersion").GetString()));
        Assert.False(string.IsNullOrEmpty(verdict.GetProperty("modelVersion").GetString()));
        Assert.False(verdict.GetProperty("cached").GetBoolean());

        var evidence = verdict.GetProperty("evidence").EnumerateArray().ToList();
        Assert.NotEmpty(evidence);
        foreach (var e in evidence)
        {
            var start = e.GetProperty("start").GetInt32();
            var end = e.GetProperty("end").GetInt32();
            Assert.Equal(text[start..end], e.GetProperty("text").GetString());
            Assert.Contains(e.GetProperty("source").GetString(), new[] { "rule", "model" });
        }

        var address = evidence.Single(e => e.GetProperty("ruleId").GetString() == "crypto.address.xmr" && e.GetProperty("label").GetString() == "terrorist_financing");
        Assert.Equal(GeneralFund[..40] + "\u200B" + GeneralFund[40..], address.GetProperty("text").GetString());
        Assert.Contains("zero-width", address.GetProperty("transforms").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task BatchResultsComeBackInInputOrder()
    {
        var items = new object[]
        {
            new { id = "a", text = "Lovely weather in Leeds today" },
            new { id = "b", text = $"Equip a mujahid of the Islamic State, send XMR {GeneralFund}" },
            new { id = "c", text = "Zakat al-fitr is due before Eid prayer, donate at the masjid" },
            new { id = "b2", text = $"Equip a mujahid of the Islamic State, send XMR {GeneralFund}" },
        };

        var response = await _client.PostAsJsonAsync("/v1/moderate/batch", new { items });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await response.JsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["a", "b", "c", "b2"], results.Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(["allow", "block", "allow", "block"], results.Select(r => r.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task SecondIdenticalRequestIsServedFromTheInProcessCache()
    {
        var text = $"unique-{Guid.NewGuid():N} Daesh soldiers of the caliphate";
        var first = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();
        var second = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("labels").ToString(), second.GetProperty("labels").ToString());
        Assert.Equal(first.GetProperty("evidence").ToString(), second.GetProperty("evidence").ToString());
    }

    [Fact]
    public async Task CachedVerdictIsMappedOntoTheNewTextWhenOnlyInvisibleCharactersDiffer()
    {
        var id = Guid.NewGuid().ToString("N");
        var plain = $"{id} join the khilafah";
        var hidden = $"{id} join the khi\u200Blafah";
        await _client.PostAsJsonAsync("/v1/moderate", new { text = plain });

        var verdict = await (await _client.PostAsJsonAsync("/v1/moderate", new { text = hidden })).JsonAsync();

        Assert.True(verdict.GetProperty("cached").GetBoolean());
        foreach (var e in verdict.GetProperty("evidence").EnumerateArray())
        {
            Assert.Equal(hidden[e.GetProperty("start").GetInt32()..e.GetProperty("end").GetInt32()], e.GetProperty("text").GetString());
        }
    }

    [Fact]
    public async Task DoNotStoreIsNeverCached()
    {
        var text = $"unique-{Guid.NewGuid():N} some text";
        await _client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true });
        var second = await (await _client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true })).JsonAsync();
        var third = await (await _client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();

        Assert.False(second.GetProperty("cached").GetBoolean());
        Assert.False(third.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task LabelsListsAllFourWithThresholds()
    {
        var body = await (await _client.GetAsync("/v1/labels")).JsonAsync();

        var labels = body.GetProperty("labels").EnumerateArray().ToList();
        Assert.Equal(["extremist_propaganda", "terrorist_financing", "crypto_donation_request", "isis_nft_reference"], labels.Select(l => l.GetProperty("name").GetString()));
        Assert.All(labels, l => Assert.True(l.GetProperty("thresholds").GetProperty("high").GetDouble() > 0));
    }

    [Fact]
    public async Task RulesListsEveryRuleSetWithCountsAndTheVersionVerdictsCarry()
    {
        var rules = await (await _client.GetAsync("/v1/rules")).JsonAsync();
        var verdict = await (await _client.PostAsJsonAsync("/v1/moderate", new { text = "hello" })).JsonAsync();

        Assert.Equal(rules.GetProperty("version").GetString(), verdict.GetProperty("rulesVersion").GetString());
        var ids = rules.GetProperty("ruleSets").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Contains("crypto", ids);
        Assert.Contains("entities", ids);
        Assert.All(rules.GetProperty("ruleSets").EnumerateArray(), r => Assert.True(r.GetProperty("terms").GetInt32() > 0));
    }

    [Fact]
    public async Task HealthEndpointsAnswerWithoutAKey()
    {
        var anonymous = factory.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheModerationEndpoints()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/v1/moderate", out var moderate));
        Assert.True(moderate.GetProperty("post").GetProperty("responses").TryGetProperty("200", out _));
        Assert.True(moderate.GetProperty("post").GetProperty("responses").TryGetProperty("400", out _));
        Assert.True(paths.TryGetProperty("/v1/moderate/batch", out _));
    }

    [Fact]
    public async Task OpenApiDocumentDescribesLanguageCoverageInVerdicts()
    {
        var document = await (await factory.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var coverage = schemas.GetProperty("Verdict").GetProperty("properties").GetProperty("coverage");
        Assert.Equal("array", coverage.GetProperty("type").GetString());
        var item = schemas.GetProperty("LanguageCoverage").GetProperty("properties");
        Assert.True(item.TryGetProperty("language", out _));
        Assert.True(item.TryGetProperty("model", out _));
    }

    [Fact]
    public async Task WithoutTheModelEveryLanguageIsReportedAsReadByRulesOnlyAndCountedInMetrics()
    {
        var verdict = await (await _client.PostAsJsonAsync("/v1/moderate", new
        {
            text = "Rejoignez nos frères, la victoire est proche et nous ne reculerons pas devant les ennemis de la religion.",
            doNotStore = true,
        })).JsonAsync();

        var coverage = Assert.Single(verdict.GetProperty("coverage").EnumerateArray());
        Assert.Equal("fr", coverage.GetProperty("language").GetString());
        Assert.False(coverage.GetProperty("model").GetBoolean());
        var metrics = await (await factory.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("moderation_language_rules_only", metrics, StringComparison.Ordinal);
        Assert.Contains("language=\"fr\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScrapeRightAfterAnotherSeesTheVerdictsRecordedInBetween()
    {
        var scraper = factory.CreateClient();
        var before = VerdictCount(await scraper.GetStringAsync("/metrics"));

        await _client.PostAsJsonAsync("/v1/moderate", new { text = "Equip a mujahid now" });
        var after = VerdictCount(await scraper.GetStringAsync("/metrics"));

        Assert.True(after > before, $"verdicts counted before {before}, after {after}");
    }

    private static double VerdictCount(string metrics) => metrics.Split('\n')
        .Where(line => line.StartsWith("moderation_verdicts", StringComparison.Ordinal) && !line.StartsWith('#'))
        .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task ApiReferencePageIsServed()
    {
        var response = await factory.CreateClient().GetAsync("/scalar/v1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("text/html", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetricsExposeVerdictsAndCacheLookupsInPrometheusFormat()
    {
        await _client.PostAsJsonAsync("/v1/moderate", new { text = "Equip a mujahid now" });

        var metrics = await (await factory.CreateClient().GetAsync("/metrics")).Content.ReadAsStringAsync();

        Assert.Contains("moderation_verdicts", metrics, StringComparison.Ordinal);
        Assert.Contains("moderation_cache_lookups", metrics, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("mujahid", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerdictJsonUsesCamelCaseAndLowercaseEnums()
    {
        var raw = await (await _client.PostAsJsonAsync("/v1/moderate", new { text = "Daesh" })).Content.ReadAsStringAsync();

        using var doc = JsonDocument.Parse(raw);
        Assert.True(doc.RootElement.TryGetProperty("modelVersion", out _));
        Assert.DoesNotContain("\"Action\"", raw, StringComparison.Ordinal);
        Assert.Matches("\"action\":\"(allow|review|block)\"", raw);
    }
}
