using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The HTTP load harness. It starts the service as a child process on loopback, warms every measured path with one
/// full pass, then runs short rounds that alternate raw ONNX Runtime on the posts (the baseline: pre-tokenised,
/// length-sorted batches of 32, 2 threads, nothing but <c>session.Run</c>) with the batch endpoint and 32 concurrent
/// single-post clients on the same posts, and reports each round's ratios, their median and the totals; then
/// single-post latency at concurrency 1 and the service's peak RSS. Every request says <c>doNotStore</c>, so nothing
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
        var rounds = roundsAt > 0 && roundsAt + 1 < args.Length ? int.Parse(args[roundsAt + 1], Inv) : 8;
        ServicePathHint = service;
        var posts = Posts(1024);

        // The baseline sorts and batches each 256 posts by themselves, as the service does with each batch request.
        // Sorting all 1,024 at once pads a little less; both are printed once.
        using var raw = new RawOrtBaseline(posts, groupSize: BatchRequestSize);
        using (var rawAllSorted = new RawOrtBaseline(posts))
        {
            raw.Run();
            rawAllSorted.Run();
            var grouped = RawOrt(raw, posts, 0, posts.Count);
            var allSorted = RawOrt(rawAllSorted, posts.Count);
            Console.WriteLine(string.Create(Inv, $"raw ORT sorted within each 256 posts: {grouped:0.0} posts/s; sorted over all 1,024: {allSorted:0.0} posts/s"));
        }

        var cpu = SelfCpu();
        var inProcess = await InProcessPipeline(posts);
        var inProcessCpu = CpuMsPerPost(SelfCpu() - cpu, posts.Count * 2);
        var rawNow = RawOrt(raw, posts, 0, posts.Count);
        Console.WriteLine(string.Create(Inv, $"in-process pipeline (rules + model + policy, batches of 256): {inProcess:0.0} posts/s = {inProcess / rawNow:0.00} x raw ({rawNow:0.0}); {inProcessCpu:0.00} CPU ms/post"));

        var port = 5600 + Random.Shared.Next(300);
        using var process = StartService(service, port);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            await WaitReady(http);
            await Warm(http, posts);

            // Short rounds interleave the baseline with the service, each on one half of the posts, so a change in
            // the machine's load hits both sides of a ratio; the median round is the result, and the totals are
            // printed as well.
            List<(double Batch, double Concurrent)> ratios = [];
            double rawSeconds = 0, batchSeconds = 0, concurrentSeconds = 0;
            var half = posts.Count / 2;
            for (var round = 1; round <= rounds; round++)
            {
                var first = (round % 2) * half;
                var slice = posts.GetRange(first, half);
                cpu = SelfCpu();
                var rawPosts = RawOrt(raw, posts, first, half);
                var rawCpu = CpuMsPerPost(SelfCpu() - cpu, half);
                var serviceCpu = ServiceCpu(process.Id);
                var batch = await BatchThroughput(http, slice, tag: null);
                var batchCpu = CpuMsPerPost(ServiceCpu(process.Id) - serviceCpu, half);
                serviceCpu = ServiceCpu(process.Id);
                var concurrent = await ConcurrentThroughput(http, slice, clients: 32, tag: null);
                var concurrentCpu = CpuMsPerPost(ServiceCpu(process.Id) - serviceCpu, half);
                ratios.Add((batch / rawPosts, concurrent / rawPosts));
                rawSeconds += half / rawPosts;
                batchSeconds += half / batch;
                concurrentSeconds += half / concurrent;
                Console.WriteLine(string.Create(Inv,
                    $"round {round}: raw ORT {rawPosts:0.0} posts/s ({rawCpu:0.00} CPU ms/post); /v1/moderate/batch {batch:0.0} posts/s = {batch / rawPosts:0.00} x raw ({batchCpu:0.00} CPU ms/post); 32 clients {concurrent:0.0} posts/s = {concurrent / rawPosts:0.00} x raw ({concurrentCpu:0.00} CPU ms/post)"));
            }

            Console.WriteLine(string.Create(Inv, $"median of {rounds} rounds: /v1/moderate/batch {Median(ratios.ConvertAll(r => r.Batch)):0.00} x raw; /v1/moderate, 32 clients {Median(ratios.ConvertAll(r => r.Concurrent)):0.00} x raw"));
            Console.WriteLine(string.Create(Inv, $"totals: raw ORT {rounds * half / rawSeconds:0.0} posts/s; /v1/moderate/batch {rawSeconds / batchSeconds:0.00} x raw; /v1/moderate, 32 clients {rawSeconds / concurrentSeconds:0.00} x raw"));

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

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
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

    /// <summary>Raw ORT on <paramref name="count"/> posts from <paramref name="first"/>, whole groups of 256.</summary>
    private static double RawOrt(RawOrtBaseline raw, List<string> posts, int first, int count)
    {
        var sw = Stopwatch.StartNew();
        for (var g = first / BatchRequestSize; g < (first + count) / BatchRequestSize; g++)
        {
            raw.Run(g);
        }

        return count / sw.Elapsed.TotalSeconds;
    }

    /// <summary>The service's pipeline without HTTP: where the time goes when the HTTP numbers fall short.</summary>
    private static async Task<double> InProcessPipeline(List<string> posts)
    {
        using var encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 32 });
        using var heads = HeadModel.Load(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(ServicePathHint))!, "models", "heads", "heads.onnx"));
        using var classifier = new OnnxTextClassifier(encoder, heads);
        var pipeline = ShippedPipeline.Create(new Engine.Normalization.TextNormalizer(), classifier);
        // One untimed pass, as raw ORT gets.
        for (var start = 0; start < posts.Count; start += 256)
        {
            await pipeline.AssessAsync(posts.Skip(start).Take(256).Select(t => pipeline.Prepare("warm " + t)).ToList());
        }

        var sw = Stopwatch.StartNew();
        for (var start = 0; start < posts.Count; start += 256)
        {
            await pipeline.AssessAsync(posts.Skip(start).Take(256).Select(pipeline.Prepare).ToList());
        }

        return posts.Count / sw.Elapsed.TotalSeconds;
    }

    private static Process StartService(string dll, int port)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" }, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["MODERATION_API_KEY"] = Key;
        info.Environment["RateLimit__PermitLimit"] = "1000000";
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

    private static async Task WaitReady(HttpClient http)
    {
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("service not ready within 60 s");
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
