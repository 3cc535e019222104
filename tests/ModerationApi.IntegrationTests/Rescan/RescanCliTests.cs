using System.Text;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Rescan;

/// <summary>
/// <c>moderation rescan</c> run as a real process over generated archives, rules only (<c>--no-model</c>) so a run
/// takes about a second.
/// </summary>
public sealed class RescanCliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("moderation-rescan-").FullName;

    [Fact]
    public async Task MalformedLinesAreReportedWithLineNumbersAndEveryGoodPostGetsOneVerdictInInputOrder()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        var output = Path.Combine(_folder, "verdicts.jsonl");
        var expectedErrors = ArchiveGenerator.WriteJsonLines(input, 3000);

        var result = await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--no-model");

        Assert.True(result.ExitCode == 0, result.ToString());
        var verdicts = ReadJsonLines(output);
        Assert.Equal(Enumerable.Range(0, 3000).Select(i => $"p{i}"), verdicts.Select(v => v.GetProperty("id").GetString()));
        Assert.All(verdicts, v => Assert.Equal("none", v.GetProperty("modelVersion").GetString()));
        Assert.Contains(verdicts, v => v.GetProperty("action").GetString() == "block");
        Assert.Contains(verdicts, v => v.GetProperty("action").GetString() == "allow");
        Assert.All(verdicts, v => Assert.StartsWith("u", v.GetProperty("fields").GetProperty("user").GetString(), StringComparison.Ordinal));
        Assert.All(verdicts, v => Assert.False(v.GetProperty("fields").TryGetProperty("likes", out _)));
        Assert.All(verdicts, v => Assert.All(v.GetProperty("coverage").EnumerateArray(), c => Assert.False(c.GetProperty("model").GetBoolean())));
        Assert.Contains(verdicts, v => v.GetProperty("coverage").GetArrayLength() > 0);

        var errors = ReadJsonLines(output + ".errors.jsonl");
        Assert.Equal(expectedErrors.Select(e => e.Line), errors.Select(e => e.GetProperty("line").GetInt64()));
        for (var i = 0; i < errors.Count; i++)
        {
            Assert.StartsWith(expectedErrors[i].Reason, errors[i].GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains($"malformed lines: {expectedErrors.Count}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rescan complete: 3,000 posts", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvRowsWithQuotedLineBreaksGetOneVerdictEachWithEvidenceOnTheirOwnText()
    {
        var input = Path.Combine(_folder, "posts.csv");
        var output = Path.Combine(_folder, "verdicts.jsonl");
        var texts = ArchiveGenerator.WriteCsv(input, 300);

        var result = await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--no-model", "--text-column", "body", "--id-column", "post_id");

        Assert.True(result.ExitCode == 0, result.ToString());
        var verdicts = ReadJsonLines(output);
        Assert.Equal(texts.Keys, verdicts.Select(v => v.GetProperty("id").GetString()!));
        foreach (var verdict in verdicts)
        {
            var text = texts[verdict.GetProperty("id").GetString()!];
            Assert.StartsWith("ch", verdict.GetProperty("fields").GetProperty("channel").GetString(), StringComparison.Ordinal);
            foreach (var evidence in verdict.GetProperty("evidence").EnumerateArray())
            {
                Assert.Equal(text[evidence.GetProperty("start").GetInt32()..evidence.GetProperty("end").GetInt32()], evidence.GetProperty("text").GetString());
            }
        }

        Assert.Empty(File.ReadAllBytes(output + ".errors.jsonl"));
    }

    [Fact]
    public async Task RunKilledTwiceMidwayAndResumedWritesExactlyTheOutputOfAnUninterruptedRun()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        ArchiveGenerator.WriteJsonLines(input, 3000);
        var reference = Path.Combine(_folder, "reference.jsonl");
        var uninterrupted = await CliProcess.RunAsync("rescan", "--input", input, "--output", reference, "--no-model", "--batch", "32");
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());

        var output = Path.Combine(_folder, "resumed.jsonl");
        string[] command = ["rescan", "--input", input, "--output", output, "--no-model", "--batch", "32"];

        // Slowed down and checkpointing every batch, so a kill after a checkpoint has moved lands mid-run.
        var reached = 0L;
        for (var kill = 0; kill < 2; kill++)
        {
            using var cli = CliProcess.Start([.. command, "--throttle-ms", "50", "--checkpoint-ms", "0"]);
            reached = await WaitForCheckpointPastAsync(output + ".checkpoint", reached, cli);
            await cli.KillHard();
            Assert.False(Checkpoint(output).GetProperty("complete").GetBoolean(), "the run finished before it was killed");
        }

        // A torn last line, as a power cut in the middle of a write leaves it; the checkpoint does not cover it.
        await File.AppendAllTextAsync(output, "{\"id\":\"p17\",\"act");

        var resumed = await CliProcess.RunAsync(command);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("resuming at line", resumed.Stderr, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(reference), await File.ReadAllBytesAsync(output));
        Assert.Equal(await File.ReadAllBytesAsync(reference + ".errors.jsonl"), await File.ReadAllBytesAsync(output + ".errors.jsonl"));
        Assert.Equal(uninterrupted.Stdout, resumed.Stdout.Replace(output, reference, StringComparison.Ordinal));

        // Done means done: running the command again changes nothing.
        var again = await CliProcess.RunAsync(command);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already complete", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(reference), await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task OutputThatIsNotARescanIsNotOverwritten()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        var output = Path.Combine(_folder, "precious.jsonl");
        ArchiveGenerator.WriteJsonLines(input, 10);
        await File.WriteAllTextAsync(output, "someone else's data\n");

        var result = await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--no-model");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--overwrite", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("someone else's data\n", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task ResumeUnderDifferentRulesIsRefusedAndLeavesTheOutputAlone()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        var output = Path.Combine(_folder, "verdicts.jsonl");
        ArchiveGenerator.WriteJsonLines(input, 50);
        var rules = Path.Combine(_folder, "rules");
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "models", "rules"), rules);
        Assert.Equal(0, (await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--no-model", "--rules", rules)).ExitCode);
        var before = await File.ReadAllBytesAsync(output);
        var checkpoint = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(await File.ReadAllTextAsync(output + ".checkpoint"))!;
        checkpoint["complete"] = JsonSerializer.SerializeToElement(false);
        await File.WriteAllTextAsync(output + ".checkpoint", JsonSerializer.Serialize(checkpoint));
        await File.AppendAllTextAsync(Path.Combine(rules, "context.rules"), "\nnew counter-speech outlet\n");

        var result = await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--no-model", "--rules", rules);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("rules version was", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(output));
    }

    [Fact]
    public async Task RescanWithPreviousVerdictsReportsEachNewBlockUnderTheRuleThatCausedItWithoutPostText()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        ArchiveGenerator.WriteJsonLines(input, 600);
        var current = Path.Combine(_folder, "current.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync("rescan", "--input", input, "--output", current, "--no-model")).ExitCode);

        // An earlier run whose rules caught nothing: every block of today's rules was an allow then.
        var earlier = Path.Combine(_folder, "earlier.jsonl");
        var blocks = 0;
        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var writer = new StreamWriter(earlier, append: false, new UTF8Encoding(false)))
        {
            foreach (var verdict in ReadJsonLines(current))
            {
                var node = System.Text.Json.Nodes.JsonNode.Parse(verdict.GetRawText())!.AsObject();
                if (verdict.GetProperty("action").GetString() == "block")
                {
                    blocks++;
                    var key = string.Join(' ', verdict.GetProperty("evidence").EnumerateArray().Select(e => e.GetProperty("ruleId").GetString()!).Distinct().Order(StringComparer.Ordinal));
                    causes[key] = causes.GetValueOrDefault(key) + 1;
                    node["action"] = "allow";
                    node["evidence"] = new System.Text.Json.Nodes.JsonArray();
                }

                node["rulesVersion"] = "old-rules";
                await writer.WriteLineAsync(node.ToJsonString());
            }
        }

        var output = Path.Combine(_folder, "again.jsonl");
        var result = await CliProcess.RunAsync("rescan", "--input", input, "--output", output, "--no-model", "--previous", earlier);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(blocks > 0);
        Assert.Contains($"changed since earlier.jsonl: {blocks:N0} of 600", result.Stdout, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(output + ".changes.md");
        var rulesVersion = ReadJsonLines(current)[0].GetProperty("rulesVersion").GetString();
        Assert.Contains($"| allow → block | {blocks:N0} |", report, StringComparison.Ordinal);
        var (topCause, topCount) = causes.MaxBy(c => c.Value);
        Assert.Contains($"- {topCount:N0} allow → block by rule", report, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", topCause.Split(' ').Select(r => $"`{r}`")), report, StringComparison.Ordinal);
        Assert.Contains($"appearing (rules version {rulesVersion})", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Islamic State", report, StringComparison.Ordinal);
        Assert.DoesNotContain("888tNkZrPN6", report, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Waits until the checkpoint records more input than <paramref name="past"/>; returns the new offset.</summary>
    private static async Task<long> WaitForCheckpointPastAsync(string path, long past, CliProcess cli)
    {
        // Only a guard against a CLI that never checkpoints; nothing is asserted about how long this takes.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            Assert.False(cli.HasExited, "the CLI exited before it was killed");
            if (File.Exists(path))
            {
                var offset = JsonDocument.Parse(await File.ReadAllBytesAsync(path, guard.Token)).RootElement.GetProperty("inputOffset").GetInt64();
                if (offset > past)
                {
                    return offset;
                }
            }

            await Task.Delay(20, guard.Token);
        }
    }

    private static JsonElement Checkpoint(string output) => JsonDocument.Parse(File.ReadAllBytes(output + ".checkpoint")).RootElement.Clone();

    private static List<JsonElement> ReadJsonLines(string path) =>
        File.ReadLines(path, Encoding.UTF8).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
