using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The HTTP load harness. It starts the service as a child process on loopback, warms every measured path with one
/// full pass, then runs rounds that alternate raw ONNX Runtime on the posts (the baselines: pre-tokenised,
/// length-sorted batches of 32, 2 threads, nothing but <c>session.Run</c>; sorted per 256 posts and over all of them)
/// with the batch endpoint and 32 concurrent single-post clients on the same posts, and reports each round's ratios,
/// the totals and the median round; then single-post latency at concurrency 1 and the service's peak RSS. Every request says <c>doNotStore</c>, so nothing
/// is served from cache.
/// Requests go only to 127.0.0.1 and every loop is bounded.
/// </summary>
internal static class LoadHarness
{
    private const string Key = "load-harness-key";
    private const int BatchRequestSize = 256;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static string ServicePathHint = "src/ModerationApi/bin/Release/net10.0/ModerationApi.dll";

    public static async Task<int> RunAsync(string[] args)
    {
        var service = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : Path.GetFullPath(ServicePathHint);
        var roundsAt = Array.IndexOf(args, "--rounds");
        var rounds = roundsAt > 0 && roundsAt + 1 < args.Length ? int.Parse(args[roundsAt + 1], Inv) : 4;
        ServicePathHint = service;
        var posts = Posts(1024);

        // Two baselines: raw ORT sorting and batching each 256 posts by themselves (what the service can do with one
        // batch request) and raw ORT sorting all 1,024 at once (less padding; the stricter one).
        using var raw = new RawOrtBaseline(posts, groupSize: BatchRequestSize);
        using var rawAllSorted = new RawOrtBaseline(posts);
        raw.Run();
        rawAllSorted.Run();

        var cpu = SelfCpu();
        var inProcess = await InProcessPipeline(posts);
        var inProcessCpu = CpuMsPerPost(SelfCpu() - cpu, posts.Count * 2);
        var rawNow = RawOrt(raw, posts.Count);
        Console.WriteLine(string.Create(Inv, $"in-process pipeline (rules + model + policy, batches of 256): {inProcess:0.0} posts/s = {inProcess / rawNow:0.00} x raw ({rawNow:0.0}); {inProcessCpu:0.00} CPU ms/post"));

        var port = 5600 + Random.Shared.Next(300);
        using var process = StartService(service, port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            await ServiceReadiness.WaitAsync(http);
            await Warm(http, posts);

            // Rounds interleave the baselines with the service on all the posts, so a change in the machine's load
            // hits both sides of a ratio; per-round ratios, their medians and the totals over all rounds are printed.
            List<double> batchVsGrouped = [], batchVsAll = [], concurrentVsGrouped = [], concurrentVsAll = [];
            double groupedSeconds = 0, allSeconds = 0, batchSeconds = 0, concurrentSeconds = 0;
            for (var round = 1; round <= rounds; round++)
            {
                cpu = SelfCpu();
                var grouped = RawOrt(raw, posts.Count);
                var groupedCpu = CpuMsPerPost(SelfCpu() - cpu, posts.Count);
                var all = RawOrt(rawAllSorted, posts.Count);
                var serviceCpu = ServiceCpu(process.Id);
                var batch = await BatchThroughput(http, posts, tag: null);
                var batchCpu = CpuMsPerPost(ServiceCpu(process.Id) - serviceCpu, posts.Count);
                serviceCpu = ServiceCpu(process.Id);
                var concurrent = await ConcurrentThroughput(http, posts, clients: 32, tag: null);
                var concurrentCpu = CpuMsPerPost(ServiceCpu(process.Id) - serviceCpu, posts.Count);
                batchVsGrouped.Add(batch / grouped);
                batchVsAll.Add(batch / all);
                concurrentVsGrouped.Add(concurrent / grouped);
                concurrentVsAll.Add(concurrent / all);
                groupedSeconds += posts.Count / grouped;
                allSeconds += posts.Count / all;
                batchSeconds += posts.Count / batch;
                concurrentSeconds += posts.Count / concurrent;
                Console.WriteLine(string.Create(Inv,
                    $"round {round}: raw ORT sorted per 256 {grouped:0.0} posts/s ({groupedCpu:0.00} CPU ms/post), sorted over all {all:0.0}; /v1/moderate/batch {batch:0.0} posts/s = {batch / grouped:0.00} / {batch / all:0.00} x raw ({batchCpu:0.00} CPU ms/post); 32 clients {concurrent:0.0} posts/s = {concurrent / grouped:0.00} / {concurrent / all:0.00} x raw ({concurrentCpu:0.00} CPU ms/post)"));
            }

            Console.WriteLine(string.Create(Inv, $"totals over {rounds} rounds, against raw sorted per 256 / over all 1,024: /v1/moderate/batch {groupedSeconds / batchSeconds:0.00} / {allSeconds / batchSeconds:0.00} x raw; 32 clients {groupedSeconds / concurrentSeconds:0.00} / {allSeconds / concurrentSeconds:0.00} x raw"));
            Console.WriteLine(string.Create(Inv, $"median round, same order: /v1/moderate/batch {RoundStats.Median(batchVsGrouped):0.00} / {RoundStats.Median(batchVsAll):0.00} x raw; 32 clients {RoundStats.Median(concurrentVsGrouped):0.00} / {RoundStats.Median(concurrentVsAll):0.00} x raw"));

            var (p50, p99) = await Latency(http, FortyWords(), requests: 200);
            var rss = PeakRssMegabytes(process.Id);
            Console.WriteLine(string.Create(Inv, $"/v1/moderate, 40 words, concurrency 1: p50 {p50:0.0} ms, p99 {p99:0.0} ms"));
            Console.WriteLine(string.Create(Inv, $"service peak RSS: {rss:0} MB"));
            return 0;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>~60-token English posts from the project's benchmark corpus, made unique.</summary>
    private static List<string> Posts(int count)
    {
        var pool = Corpus.Posts.Where(p => p.Split(' ').Length is >= 25 and <= 60 && !ScriptDetector.IsMostlyUnreadable(p)).ToList();
        return Enumerable.Range(0, count).Select(i => $"{pool[i % pool.Count]} #{i}").ToList();
    }

    private static string FortyWords() =>
        "Had a long day at work, then took the dog for a walk by the river before dinner. The rain stopped just in time, " +
        "and we watched the sunset from the bridge. Tomorrow I am finally visiting my grandmother.";

    private static double RawOrt(RawOrtBaseline raw, int posts)
    {
        var sw = Stopwatch.StartNew();
        raw.Run();
        return posts / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The service's engine without HTTP: where the time goes when the HTTP numbers fall short.</summary>
    private static async Task<double> InProcessPipeline(List<string> posts)
    {
        using var encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 32 });
        using var heads = HeadModel.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ServicePathHint))!, "models", "heads", "heads.onnx"));
        using var classifier = new OnnxTextClassifier(encoder, heads);
        using var engine = ShippedEngine.Create(classifier);
        // One untimed pass, as raw ORT gets.
        for (var start = 0; start < posts.Count; start += 256)
        {
            await engine.ModerateAsync(posts.Skip(start).Take(256).Select(t => new Post("warm " + t)).ToList());
        }

        var sw = Stopwatch.StartNew();
        for (var start = 0; start < posts.Count; start += 256)
        {
            await engine.ModerateAsync(posts.Skip(start).Take(256).Select(t => new Post(t)).ToList());
        }

        return posts.Count / sw.Elapsed.TotalSeconds;
    }

    private static Process StartService(string dll, int port)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" }, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["MODERATION_API_KEY"] = Key;
        info.Environment["RateLimit__PermitLimit"] = "1000000";

        // One key drives all the load here, so its fair share of model tokens per window must not be what is measured.
        info.Environment["Admission__KeyTokensPerWindow"] = "1000000000";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Classifier__AllowSpinning"] = Environment.GetEnvironmentVariable("HARNESS_SPIN") ?? "true";
        info.Environment["DOTNET_gcServer"] = Environment.GetEnvironmentVariable("HARNESS_GC_SERVER") ?? "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException("service did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[service] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // Every measured path gets one untimed full pass over the posts, as raw ORT and the in-process pipeline do (the
    // texts carry a prefix, though doNotStore already keeps every request away from the cache). With less (64 single posts and one batch
    // request) the first timed pass ran at 112-118 posts/s and 16.6-17.4 service CPU ms/post, the second at 153-158
    // and 12.5-12.8, the raw speed.
    private static async Task Warm(HttpClient http, List<string> posts)
    {
        foreach (var p in posts.Take(64))
        {
            (await http.PostAsJsonAsync("/v1/moderate", new { text = "warm " + p, doNotStore = true })).EnsureSuccessStatusCode();
        }

        await BatchThroughput(http, posts, "warm");
        await ConcurrentThroughput(http, posts, clients: 32, "warm");
    }

    private static async Task<double> BatchThroughput(HttpClient http, List<string> posts, string? tag)
    {
        var sw = Stopwatch.StartNew();
        for (var start = 0; start < posts.Count; start += BatchRequestSize)
        {
            var items = posts.Skip(start).Take(BatchRequestSize).Select((t, i) => new { id = $"b{start + i}", text = tag is null ? t : $"{tag} {t}", doNotStore = true });
            (await http.PostAsJsonAsync("/v1/moderate/batch", new { items })).EnsureSuccessStatusCode();
        }

        return posts.Count / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> ConcurrentThroughput(HttpClient http, List<string> posts, int clients, string? tag)
    {
        var next = -1;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < posts.Count)
            {
                (await http.PostAsJsonAsync("/v1/moderate", new { id = $"c{i}", text = tag is null ? posts[i] : $"{tag} {posts[i]}", doNotStore = true })).EnsureSuccessStatusCode();
            }
        }));
        return posts.Count / sw.Elapsed.TotalSeconds;
    }

    private static async Task<(double P50, double P99)> Latency(HttpClient http, string text, int requests)
    {
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var sw = Stopwatch.StartNew();
            (await http.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true })).EnsureSuccessStatusCode();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[(int)(requests * 0.50)], times[Math.Min(requests - 1, (int)(requests * 0.99))]);
    }

    // CPU time (user + system) is what the work costs whatever else the machine runs; with ORT's threads spinning it
    // also shows time burnt waiting for a core.
    private static TimeSpan SelfCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static TimeSpan ServiceCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 (utime) and 15 (stime) of proc(5), in clock ticks of 1/100 s; fields[0] is field 3.
        var ticks = long.Parse(fields[11], Inv) + long.Parse(fields[12], Inv);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    private static double CpuMsPerPost(TimeSpan cpu, int posts) => cpu.TotalMilliseconds / posts;

    private static double PeakRssMegabytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv) / 1024;
            }
        }

        return double.NaN;
    }
}
