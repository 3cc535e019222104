using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Storage.Rescans;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The rescan harness: <c>-- rescan [--posts 2000] [--big 1000000] [--repeats 2] [--no-model] [--cli moderation.dll]</c>.
/// <list type="number">
/// <item>Scale-out throughput: on one generated archive of unique short posts, the in-process pipeline (same batches of
/// 64 as the CLI), then <c>moderation worker</c> with one and with two worker processes over a real redis-server
/// started here. Workers' rate is the job's own (posts over first chunk taken to last chunk acknowledged), so process
/// start and model load are not counted; wall time including them is printed too. Redis is flushed before every run,
/// so every verdict cache lookup is a miss. Reported as ratios to the in-process rate of the same repetition.</item>
/// <item>Peak memory: <c>moderation rescan --no-model</c> over a generated archive of <c>--big</c> short posts in a
/// temporary folder (deleted afterwards), peak RSS (VmHWM) sampled from /proc while it runs, and its rate against the
/// in-process rules-only pipeline on the same posts; then <c>moderation compare</c> of that run's
/// verdicts with themselves, for the memory the earlier run's index costs.</item>
/// </list>
/// Only 127.0.0.1 is contacted; every wait is bounded.
/// </summary>
internal static class RescanHarness
{
    private const int Batch = 64;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options(args[1..]);
        var cli = Path.GetFullPath(options.GetValueOrDefault("cli", "src/ModerationApi.Cli/bin/Release/net10.0/moderation.dll"));
        if (!File.Exists(cli))
        {
            Console.Error.WriteLine($"moderation.dll not found at {cli}: run dotnet build -c Release first, or pass --cli");
            return 2;
        }

        var posts = int.Parse(options.GetValueOrDefault("posts", "2000"), Inv);
        var big = int.Parse(options.GetValueOrDefault("big", "1000000"), Inv);
        var repeats = int.Parse(options.GetValueOrDefault("repeats", "2"), Inv);
        var model = !options.ContainsKey("no-model");
        var folder = Directory.CreateTempSubdirectory("moderation-rescan-bench-").FullName;
        try
        {
            Console.WriteLine(string.Create(Inv, $"machine: {Environment.ProcessorCount} cores ({CpuName()}), shared with other jobs; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            if (posts > 0)
            {
                await using var redis = await RedisProcess.StartAsync(folder);
                var archive = Path.Combine(folder, "scaleout.jsonl");
                WriteArchive(archive, posts);
                for (var r = 1; r <= repeats; r++)
                {
                    var inProcess = await InProcessAsync(archive, posts, model);
                    var one = await WorkersAsync(cli, redis, archive, folder, workers: 1, model, $"one-{r}");
                    var two = await WorkersAsync(cli, redis, archive, folder, workers: 2, model, $"two-{r}");
                    Console.WriteLine(string.Create(Inv,
                        $"run {r}, {posts:N0} posts, {(model ? "rules + model" : "rules only")}: in-process {inProcess:0.0} posts/s; " +
                        $"1 worker {one.Rate:0.0} posts/s = {one.Rate / inProcess:0.00} x in-process (wall {one.Wall:0.0} s); " +
                        $"2 workers {two.Rate:0.0} posts/s = {two.Rate / inProcess:0.00} x in-process, {two.Rate / one.Rate:0.00} x 1 worker (wall {two.Wall:0.0} s)"));
                }
            }

            if (big > 0)
            {
                await PeakMemoryAsync(cli, folder, big);
            }

            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Unique short posts (a corpus post, cut to at most 120 characters, plus a number), one JSON object per line.</summary>
    private static void WriteArchive(string path, int count)
    {
        var pool = Corpus.Posts.Select(p => p.Length > 120 ? p[..120] : p).ToList();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        for (var i = 0; i < count; i++)
        {
            writer.Write(JsonSerializer.Serialize(new { id = $"p{i}", text = $"{pool[i % pool.Count]} #{i}" }));
            writer.Write('\n');
        }
    }

    private static List<string> ReadTexts(string path, int limit) =>
        [.. File.ReadLines(path).Take(limit).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];

    /// <summary>The pipeline in this process on the archive's posts, in batches of 64 as the CLI forms them.</summary>
    private static async Task<double> InProcessAsync(string archive, int limit, bool model)
    {
        var texts = ReadTexts(archive, limit);
        using var encoder = model ? new MiniLmEncoder() : null;
        using var heads = model ? HeadModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx")) : null;
        using var classifier = model ? new OnnxTextClassifier(encoder!, heads!) : null;
        using var engine = ShippedEngine.Create(classifier);
        // Rules only, an untimed pass over 100,000 posts first: at ~100,000 posts/s a short warm-up leaves the timed
        // pass partly in the JIT's first tier. With the model, one batch is enough (the model's time dominates).
        foreach (var warm in texts.Take(model ? Batch : 100_000).Chunk(Batch))
        {
            await engine.ModerateAsync(warm.Select(t => new Post(t)).ToList());
        }

        var sw = Stopwatch.StartNew();
        for (var start = 0; start < texts.Count; start += Batch)
        {
            await engine.ModerateAsync(texts.Skip(start).Take(Batch).Select(t => new Post(t)).ToList());
        }

        return texts.Count / sw.Elapsed.TotalSeconds;
    }

    private static async Task<(double Rate, double Wall)> WorkersAsync(string cli, RedisProcess redis, string archive, string folder, int workers, bool model, string job)
    {
        await redis.FlushAsync();
        string[] modelArgs = model ? [] : ["--no-model"];
        await RunCliAsync(cli, ["submit", "--redis", redis.Address, "--job", job, "--input", archive, "--chunk", "250", .. modelArgs]);
        var output = Path.Combine(folder, job);
        var sw = Stopwatch.StartNew();
        var processes = Enumerable.Range(0, workers)
            .Select(w => StartCli(cli, ["worker", "--redis", redis.Address, "--job", job, "--output-dir", output, "--consumer", $"w{w}", .. modelArgs]))
            .ToList();
        foreach (var process in processes)
        {
            await WaitAsync(process, TimeSpan.FromMinutes(30));
        }

        var wall = sw.Elapsed.TotalSeconds;
        var status = await RescanJobReader.ReadAsync(redis.Database, job) ?? throw new InvalidOperationException($"job {job} vanished");
        if (!status.Finished || status.FailedChunks > 0)
        {
            throw new InvalidOperationException($"job {job} did not finish cleanly: {status.DoneChunks} done, {status.FailedChunks} failed of {status.TotalChunks}");
        }

        return (status.PostsPerSecond, wall);
    }

    private static async Task PeakMemoryAsync(string cli, string folder, int count)
    {
        var archive = Path.Combine(folder, "big.jsonl");
        WriteArchive(archive, count);
        // All the posts, so that the in-process pass lasts about as long as the CLI's and sees the same kind of
        // interference from whatever else the machine is running (a 100,000-post pass lasted ~1 s and swung 3 x).
        var inProcess = await InProcessAsync(archive, count, model: false);
        var output = Path.Combine(folder, "big-verdicts.jsonl");
        var (wall, peakKb) = await MeasureAsync(cli, ["rescan", "--input", archive, "--output", output, "--no-model"]);
        var rate = count / wall;
        Console.WriteLine(string.Create(Inv,
            $"local rescan, {count:N0} posts ({new FileInfo(archive).Length / 1e6:0} MB archive), rules only: {wall:0.0} s wall = {rate:N0} posts/s " +
            $"= {rate / inProcess:0.00} x in-process rules-only ({inProcess:N0} posts/s on the same posts); peak RSS (VmHWM) {peakKb / 1024.0:0} MB"));

        // The retroactive report indexes the earlier run in memory: measured on the run compared with itself.
        var (compareWall, comparePeakKb) = await MeasureAsync(cli, ["compare", "--before", output, "--after", output, "--out", Path.Combine(folder, "changes.md")]);
        Console.WriteLine(string.Create(Inv,
            $"compare, {count:N0} verdicts against {count:N0} ({new FileInfo(output).Length / 1e6:0} MB each): {compareWall:0.0} s wall; peak RSS (VmHWM) {comparePeakKb / 1024.0:0} MB"));
    }

    /// <summary>Runs the CLI to the end; wall time and peak RSS sampled every 100 ms.</summary>
    private static async Task<(double Wall, long PeakKb)> MeasureAsync(string cli, string[] args)
    {
        var sw = Stopwatch.StartNew();
        using var process = StartCli(cli, args);
        var peakKb = 0L;
        while (!process.HasExited)
        {
            peakKb = Math.Max(peakKb, VmHwmKb(process.Id));
            await Task.Delay(100);
        }

        await WaitAsync(process, TimeSpan.FromMinutes(60));
        return (sw.Elapsed.TotalSeconds, peakKb);
    }

    private static long VmHwmKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv);
                }
            }
        }
        catch (IOException)
        {
            // The process ended between HasExited and the read.
        }

        return 0;
    }

    private static Process StartCli(string cli, string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(cli);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("moderation did not start");
        var label = args[0];
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line && (line.StartsWith("error", StringComparison.Ordinal) || line.Contains("verdict cache", StringComparison.Ordinal) || line.StartsWith("this run", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine($"[{label}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task RunCliAsync(string cli, string[] args)
    {
        using var process = StartCli(cli, args);
        await WaitAsync(process, TimeSpan.FromMinutes(5));
    }

    private static async Task WaitAsync(Process process, TimeSpan limit)
    {
        await process.WaitForExitAsync().WaitAsync(limit);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"moderation exited with {process.ExitCode}");
        }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].TrimStart('-');
            options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }

        return options;
    }

    private static string CpuName()
    {
        var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
        return line?.Split(':', 2)[1].Trim() ?? "unknown CPU";
    }
}
