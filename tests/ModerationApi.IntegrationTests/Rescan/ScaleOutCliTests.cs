using System.Text;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Rescan;

/// <summary>
/// <c>moderation submit</c>, <c>worker</c>, <c>status</c> and <c>collect</c> as real processes against a real
/// redis-server, rules only (<c>--no-model</c>).
/// </summary>
public sealed class ScaleOutCliTests : IAsyncLifetime
{
    private const int Posts = 2000;

    private readonly RedisServer _redis = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("moderation-scaleout-").FullName;

    [Fact]
    public async Task TwoWorkersSharingAJobWriteEveryPostExactlyOnceAndCollectMatchesASingleMachineRescan()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        var expectedErrors = ArchiveGenerator.WriteJsonLines(input, Posts);
        var chunks = Path.Combine(_folder, "chunks");
        await SubmitAsync(input, chunkRecords: 150);

        using var first = CliProcess.Start(Worker(chunks, "w1"));
        using var second = CliProcess.Start(Worker(chunks, "w2"));
        var one = await first.WaitAsync();
        var two = await second.WaitAsync();

        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.True(two.ExitCode == 0, two.ToString());
        AssertEveryPostExactlyOnce(chunks);
        var status = await CliProcess.RunAsync("status", "--redis", _redis.ConnectionString, "--job", "j");
        // 2,000 posts and 4 malformed lines in chunks of 150 records.
        Assert.Contains("total:   14 chunks", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("done:    14", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending: 0", status.Stdout, StringComparison.Ordinal);
        Assert.Contains($"posts:   2,000 ({expectedErrors.Count} malformed records)", status.Stdout, StringComparison.Ordinal);

        // With rules only a verdict depends on its post alone, so the collected chunks must equal one local rescan.
        var collected = Path.Combine(_folder, "collected.jsonl");
        var collect = await CliProcess.RunAsync("collect", "--redis", _redis.ConnectionString, "--job", "j", "--output-dir", chunks, "--output", collected);
        Assert.True(collect.ExitCode == 0, collect.ToString());
        var reference = Path.Combine(_folder, "reference.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync("rescan", "--input", input, "--output", reference, "--no-model")).ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(reference), await File.ReadAllBytesAsync(collected));
        Assert.Equal(await File.ReadAllBytesAsync(reference + ".errors.jsonl"), await File.ReadAllBytesAsync(collected + ".errors.jsonl"));
    }

    [Fact]
    public async Task ChunkOfAWorkerKilledMidJobIsReclaimedAndEveryPostEndsUpExactlyOnce()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        ArchiveGenerator.WriteJsonLines(input, Posts);
        var chunks = Path.Combine(_folder, "chunks");
        await SubmitAsync(input, chunkRecords: 200);

        // Slowed to a pause per batch of 16 (a chunk takes seconds), and killed only once it holds its second chunk:
        // between writing chunk 0 and taking chunk 1 it briefly holds none.
        using (var doomed = CliProcess.Start([.. Worker(chunks, "doomed"), "--batch", "16", "--throttle-ms", "200"]))
        {
            await WaitForFileAsync(Path.Combine(chunks, "chunk-0.jsonl"), doomed);
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var holding = await CliProcess.RunAsync("status", "--redis", _redis.ConnectionString, "--job", "j");
                if (holding.Stdout.Contains("pending: 1", StringComparison.Ordinal))
                {
                    break;
                }

                await Task.Delay(50);
            }

            await doomed.KillHard();
        }

        var pendingAfterKill = await CliProcess.RunAsync("status", "--redis", _redis.ConnectionString, "--job", "j");
        Assert.Contains("pending: 1", pendingAfterKill.Stdout, StringComparison.Ordinal);

        var rescuer = await CliProcess.RunAsync([.. Worker(chunks, "rescuer"), "--claim-idle-ms", "300"]);

        Assert.True(rescuer.ExitCode == 0, rescuer.ToString());
        Assert.Contains("reclaimed", rescuer.Stderr, StringComparison.Ordinal);
        AssertEveryPostExactlyOnce(chunks);
        var status = await CliProcess.RunAsync("status", "--redis", _redis.ConnectionString, "--job", "j");
        // 2,000 posts and 4 malformed lines in chunks of 200 records.
        Assert.Contains("total:   11 chunks", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("done:    11", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("pending: 0", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("posts:   2,000 ", status.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvChunksCutBetweenRecordsWithQuotedLineBreaksCollectToTheSingleMachineRescan()
    {
        var input = Path.Combine(_folder, "posts.csv");
        ArchiveGenerator.WriteCsv(input, 500);
        var chunks = Path.Combine(_folder, "chunks");
        var submit = await CliProcess.RunAsync("submit", "--redis", _redis.ConnectionString, "--job", "csv", "--input", input,
            "--chunk", "37", "--text-column", "body", "--id-column", "post_id", "--output-dir", chunks, "--no-model");
        Assert.True(submit.ExitCode == 0, submit.ToString());

        // No --output-dir: the worker and collect take the folder given at submit.
        var worker = await CliProcess.RunAsync("worker", "--redis", _redis.ConnectionString, "--job", "csv", "--no-model");
        Assert.True(worker.ExitCode == 0, worker.ToString());
        var collected = Path.Combine(_folder, "collected.jsonl");
        var collect = await CliProcess.RunAsync("collect", "--redis", _redis.ConnectionString, "--job", "csv", "--output", collected);
        Assert.True(collect.ExitCode == 0, collect.ToString());

        var reference = Path.Combine(_folder, "reference.jsonl");
        Assert.Equal(0, (await CliProcess.RunAsync("rescan", "--input", input, "--output", reference, "--no-model", "--text-column", "body", "--id-column", "post_id")).ExitCode);
        Assert.Equal(await File.ReadAllBytesAsync(reference), await File.ReadAllBytesAsync(collected));
        Assert.Empty(await File.ReadAllBytesAsync(collected + ".errors.jsonl"));

        // Collected again against the single-machine run: same rules, so nothing changed, and the report says so.
        var again = await CliProcess.RunAsync("collect", "--redis", _redis.ConnectionString, "--job", "csv", "--output", collected, "--previous", reference);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("changed since reference.jsonl: 0 of 500", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("**0 verdicts changed** of 500 posts in both runs", await File.ReadAllTextAsync(collected + ".changes.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerRunningAnotherModelVersionThanTheJobRefusesItAndTakesNoChunk()
    {
        var input = Path.Combine(_folder, "posts.jsonl");
        ArchiveGenerator.WriteJsonLines(input, 100);
        await SubmitAsync(input, chunkRecords: 50);

        // Submitted rules only; this worker loads the shipped model.
        var worker = await CliProcess.RunAsync("worker", "--redis", _redis.ConnectionString, "--job", "j", "--output-dir", Path.Combine(_folder, "chunks"));

        Assert.True(worker.ExitCode == 3, worker.ToString());
        Assert.Contains("refuses job j: the job was submitted with model version none but this worker runs", worker.Stderr, StringComparison.Ordinal);
        var status = await CliProcess.RunAsync("status", "--redis", _redis.ConnectionString, "--job", "j");
        Assert.Contains("queued:  2", status.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "chunks")));
    }

    [Fact]
    public async Task DuplicatePostsCostOneAssessmentAndASecondJobOverTheSamePostsIsServedFromTheSharedCache()
    {
        // 600 posts, 6 distinct texts: each text is assessed once in the whole job, whatever chunk or batch it is in.
        var input = Path.Combine(_folder, "dupes.jsonl");
        string[] texts = ["hello there", "send XMR to the mujahideen", "zakat is due", "lovely canal walk", "join the ranks of the Islamic State", "match report"];
        await File.WriteAllLinesAsync(input, Enumerable.Range(0, 600).Select(i => JsonSerializer.Serialize(new { id = $"d{i}", text = texts[i % texts.Length] })));
        foreach (var job in new[] { "first", "second" })
        {
            var submit = await CliProcess.RunAsync("submit", "--redis", _redis.ConnectionString, "--job", job, "--input", input, "--chunk", "100", "--no-model");
            Assert.True(submit.ExitCode == 0, submit.ToString());
        }

        var first = await CliProcess.RunAsync("worker", "--redis", _redis.ConnectionString, "--job", "first", "--output-dir", Path.Combine(_folder, "first"), "--no-model", "--batch", "16");
        var second = await CliProcess.RunAsync("worker", "--redis", _redis.ConnectionString, "--job", "second", "--output-dir", Path.Combine(_folder, "second"), "--no-model", "--batch", "16");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("6 assessed here", first.Stderr, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("0 assessed here", second.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("verdict cache: 0 hits", second.Stderr, StringComparison.Ordinal);
        for (var n = 0; n < 6; n++)
        {
            var name = $"chunk-{n}.jsonl";
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_folder, "first", name)), await File.ReadAllBytesAsync(Path.Combine(_folder, "second", name)));
        }
    }

    public Task InitializeAsync() => _redis.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task SubmitAsync(string input, int chunkRecords)
    {
        var submit = await CliProcess.RunAsync("submit", "--redis", _redis.ConnectionString, "--job", "j", "--input", input,
            "--chunk", chunkRecords.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-model");
        Assert.True(submit.ExitCode == 0, submit.ToString());
    }

    private string[] Worker(string chunks, string consumer) =>
        ["worker", "--redis", _redis.ConnectionString, "--job", "j", "--output-dir", chunks, "--consumer", consumer, "--no-model"];

    private static void AssertEveryPostExactlyOnce(string chunks)
    {
        var ids = Directory.GetFiles(chunks, "chunk-*.jsonl")
            .Where(f => !f.EndsWith(".errors.jsonl", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f, Encoding.UTF8))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!)
            .ToList();
        Assert.Equal(Enumerable.Range(0, Posts).Select(i => $"p{i}").Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
    }

    private static async Task WaitForFileAsync(string path, CliProcess cli)
    {
        // Only a guard against a worker that never writes; nothing is asserted about how long this takes.
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!File.Exists(path))
        {
            Assert.False(cli.HasExited, "the worker exited before it was killed");
            await Task.Delay(20, guard.Token);
        }
    }
}
