using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;
using static ModerationApi.IntegrationTests.Review.ReviewApi;

namespace ModerationApi.IntegrationTests.Review;

/// <summary><c>moderation export-decisions</c> run as a process against the Redis the service wrote its decisions to.</summary>
public sealed class ExportDecisionsCliTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task ExportWritesConfirmedAndDismissedItemsAsLabelledJsonLines()
    {
        var prefix = $"review-{Guid.NewGuid():N}:";
        await using var service = new ModerationApiFactory()
            .With("ConnectionStrings:Redis", redis.ConnectionString)
            .With("Review:RedisKeyPrefix", prefix);
        var moderator = service.ClientWithKey(ModerationApiFactory.ModerateKey);
        var reviewer = service.ClientWithKey(ModerationApiFactory.ReviewKey);
        var texts = new[] { BlockedPost("confirm"), ReviewedPost("dismiss"), ReviewedPost("escalate"), ReviewedPost("pending") };
        foreach (var text in texts)
        {
            await ModerateAsync(moderator, text);
        }

        var confirmed = await ItemIdOfAsync(reviewer, texts[0]);
        var dismissed = await ItemIdOfAsync(reviewer, texts[1]);
        await DecideOkAsync(reviewer, confirmed, "confirm");
        await DecideOkAsync(reviewer, dismissed, "dismiss");
        await DecideOkAsync(reviewer, await ItemIdOfAsync(reviewer, texts[2]), "escalate");
        var folder = Directory.CreateTempSubdirectory("moderation-export-");
        try
        {
            var output = Path.Combine(folder.FullName, "corpus", "review_decisions.jsonl");

            var result = await CliProcess.RunAsync("export-decisions", "--redis", redis.ConnectionString, "--out", output, "--prefix", prefix);

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("wrote 2 decisions", result.Stdout, StringComparison.Ordinal);
            var rows = File.ReadAllLines(output).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToDictionary(r => r.GetProperty("id").GetString()!);
            Assert.Equal(2, rows.Count);
            Assert.Equal(texts[0], rows[confirmed].GetProperty("text").GetString());
            Assert.Equal("terrorist_financing", rows[confirmed].GetProperty("label").GetString());
            Assert.Equal(texts[1], rows[dismissed].GetProperty("text").GetString());
            Assert.Equal("benign", rows[dismissed].GetProperty("label").GetString());
            Assert.Equal("review_dismissed", rows[dismissed].GetProperty("category").GetString());
            Assert.Equal("reviewer", rows[dismissed].GetProperty("reviewer").GetString());
            Assert.False(File.Exists(output + ".partial"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task MissingOutputOptionIsAnError()
    {
        var result = await CliProcess.RunAsync("export-decisions", "--redis", redis.ConnectionString);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Stderr, StringComparison.Ordinal);
    }
}
