using System.Net;
using System.Net.Http.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModerationApi.IntegrationTests.Infrastructure;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Rescan;

/// <summary>
/// The service and <c>moderation rescan</c> run the same engine: with the service's settings (one settings file for the
/// CLI, the same keys for the service) and the service's Redis, after a reviewer confirmed one post and dismissed
/// another, both give the same verdict for every post, the bank's and the allow list's evidence included.
/// </summary>
public sealed class RescanServiceParityTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("moderation-parity-").FullName;

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task RescanWithTheServicesSettingsGivesTheServicesVerdictsForBankedAndAllowListedPosts()
    {
        // Not the defaults, so a CLI that ignored the file would not find the review store, or would judge otherwise.
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
            ["Classifier:Enabled"] = "false",
            ["Review:RedisKeyPrefix"] = "parity-review:",
            ["Review:NearDuplicateMinSimilarity"] = "0.6",
            ["Policy:ExtremistPropaganda:ReviewAt"] = "0.3",
        };
        await using var service = new ModerationApiFactory();
        foreach (var (key, value) in settings)
        {
            service.With(key, value);
        }

        var moderator = service.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = service.ClientWithKey(ModerationApiFactory.ReviewKey);
        var confirmed = ReviewedPost("the caliphate remains and expands, pledge to its soldiers and fight for it today");
        var dismissed = ReviewedPost("were all over the news on the bus this morning");
        Assert.Equal("review", (await ModerateAsync(moderator, confirmed)).GetProperty("action").GetString());
        Assert.Equal("review", (await ModerateAsync(moderator, dismissed)).GetProperty("action").GetString());
        await DecideOkAsync(reviewer, await ItemIdOfAsync(reviewer, confirmed), "confirm");
        await DecideOkAsync(reviewer, await ItemIdOfAsync(reviewer, dismissed), "dismiss");

        string[] texts =
        [
            confirmed,
            confirmed + " #again",
            confirmed.Replace("today", "tonight", StringComparison.Ordinal),
            dismissed,
            BlockedPost("parity"),
            ReviewedPost("pledge allegiance"),
            "Lovely weather in Leeds today, off to the market.",
            confirmed,
        ];
        var posts = texts.Select((text, i) => new { id = $"p{i}", text }).ToList();
        var response = await moderator.PostAsJsonAsync("/v1/moderate/batch", new { items = posts });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fromService = (await response.JsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["bank", "bank", "bank", "allowList"], fromService.Take(4).Select(FirstSource));
        Assert.Equal(["block", "block", "block", "allow"], fromService.Take(4).Select(v => v.GetProperty("action").GetString()));

        var input = Path.Combine(_folder, "posts.jsonl");
        await File.WriteAllLinesAsync(input, posts.Select(p => JsonSerializer.Serialize(p)));
        var settingsFile = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(settingsFile, Nested(settings).ToJsonString());
        var output = Path.Combine(_folder, "verdicts.jsonl");

        var rescan = await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--settings", settingsFile);

        Assert.True(rescan.ExitCode == 0, rescan.ToString());
        var fromRescan = (await File.ReadAllLinesAsync(output)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.Equal(fromService.Count, fromRescan.Count);
        for (var i = 0; i < fromService.Count; i++)
        {
            Assert.Equal(Verdict(fromService[i]), Verdict(fromRescan[i]));
        }

        // The same archive without the service's settings (no Redis, so no bank, no allow list) is judged otherwise:
        // the settings file is what made the two agree.
        var bare = Path.Combine(_folder, "bare.jsonl");
        var withoutSettings = await CliProcess.RunAsync("rescan", "--input", input, "--output", bare, "--no-model");
        Assert.True(withoutSettings.ExitCode == 0, withoutSettings.ToString());
        var fromBare = (await File.ReadAllLinesAsync(bare)).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.NotEqual(Verdict(fromService[0]), Verdict(fromBare[0]));
        Assert.NotEqual(Verdict(fromService[3]), Verdict(fromBare[3]));
    }

    // Reviewers' decisions come first in the evidence, before the rules' own.
    private static string FirstSource(JsonElement verdict) => verdict.GetProperty("evidence")[0].GetProperty("source").GetString()!;

    // The verdict's fields both outputs carry, written with one encoder: the service escapes HTML-sensitive characters
    // in JSON strings (ASP.NET's default) and the rescan file does not, which changes bytes but not values.
    private static readonly JsonSerializerOptions Canonical = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Verdict(JsonElement verdict) => JsonSerializer.Serialize(
        new JsonObject
        {
            ["id"] = JsonNode.Parse(verdict.GetProperty("id").GetRawText()),
            ["action"] = JsonNode.Parse(verdict.GetProperty("action").GetRawText()),
            ["flagged"] = JsonNode.Parse(verdict.GetProperty("flagged").GetRawText()),
            ["labels"] = JsonNode.Parse(verdict.GetProperty("labels").GetRawText()),
            ["evidence"] = JsonNode.Parse(verdict.GetProperty("evidence").GetRawText()),
            ["modelVersion"] = JsonNode.Parse(verdict.GetProperty("modelVersion").GetRawText()),
            ["rulesVersion"] = JsonNode.Parse(verdict.GetProperty("rulesVersion").GetRawText()),
        },
        Canonical);

    private static JsonObject Nested(Dictionary<string, string> settings)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings)
        {
            var parts = key.Split(':');
            var node = root;
            foreach (var part in parts[..^1])
            {
                node = (node[part] ??= new JsonObject()).AsObject();
            }

            node[parts[^1]] = value;
        }

        return root;
    }
}
