using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The hostile soak (issue 10): the service on loopback with a redis-server, honest clients posting one post at a time,
/// first alone (the baseline), then for the soak proper together with hostile clients replaying the reported attacks,
/// then alone again. Reports the honest clients' throughput and latency in each phase and their ratios, every status
/// code per client kind, 5xx other than the intended 503s, and the service's RSS sampled every second.
/// </summary>
/// <remarks>
/// Everything runs on 127.0.0.1 and every loop ends with its phase. Hostile clients: an abandoner (16 × 20,000
/// characters of base58 words, gone after 2 s), a 256-item base58 batch (refused up front), digit-run posts, a review
/// flooder (flagged posts padded with one long word, one key), a wrong-key flooder, and malformed requests (duplicate
/// JSON keys, control characters in ids, two key headers, an over-long URL).
/// </remarks>
internal static class SoakHarness
{
    private const string HonestKey = "soak-honest-key";
    private const string HostileKey = "soak-hostile-key";
    private const string FlooderKey = "soak-flooder-key";
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private const string MoneroAddress = "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var service = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal)
            ? args[1]
            : Path.GetFullPath("src/ModerationApi/bin/Release/net10.0/ModerationApi.dll");
        var soak = TimeSpan.FromMinutes(Option(args, "--minutes", 10));
        var baseline = TimeSpan.FromMinutes(Option(args, "--baseline-minutes", 2));
        var honestClients = (int)Option(args, "--honest", 8);
        var onlyAt = Array.IndexOf(args, "--only");
        var only = onlyAt > 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',') : null;

        var folder = Directory.CreateTempSubdirectory("soak-redis-");
        await using var redis = await RedisProcess.StartAsync(folder.FullName);
        var port = FreePort();
        using var process = StartService(service, port, redis.Address);
        using var rss = new RssSampler(process.Id);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            await ServiceReadiness.WaitAsync(http);
            var posts = Corpus.Posts.Where(p => p.Length is > 40 and < 600).ToList();
            Console.WriteLine($"service pid {process.Id}, redis on {redis.Address}; {honestClients} honest clients; baseline {baseline.TotalMinutes} min, soak {soak.TotalMinutes} min, baseline again");
            Console.WriteLine(string.Create(Inv, $"machine: {Environment.ProcessorCount} cores, load average at start {LoadAverage()}"));

            // Warm-up: one untimed pass so the first phase does not pay for JIT and the model's first batches.
            await Honest(http, posts, honestClients, TimeSpan.FromSeconds(20), "warm");

            var before = await Honest(http, posts, honestClients, baseline, "before");
            Report("honest alone (before)", before, baseline);

            var statuses = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
            using var stop = new CancellationTokenSource(soak);
            var hostile = Hostile(port, statuses, only, stop.Token);
            var during = await Honest(http, posts, honestClients, soak, "during");
            await hostile;
            Report("honest with hostile clients (soak)", during, soak);

            var after = await Honest(http, posts, honestClients, baseline, "after");
            Report("honest alone (after)", after, baseline);

            var baselineThroughput = (before.Count / baseline.TotalSeconds + after.Count / baseline.TotalSeconds) / 2;
            var baselineP99 = (Percentile(before.Latencies, 0.99) + Percentile(after.Latencies, 0.99)) / 2;
            Console.WriteLine(string.Create(Inv,
                $"ratios (soak / mean of the two baselines): throughput {during.Count / soak.TotalSeconds / baselineThroughput:0.00} x, p99 {Percentile(during.Latencies, 0.99) / baselineP99:0.00} x"));
            Console.WriteLine("status codes by client (soak phase):");
            foreach (var (key, count) in statuses.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"  {key}: {count}");
            }

            var unexpected = statuses.Where(p => p.Key.Contains(" 5", StringComparison.Ordinal) && !p.Key.EndsWith(" 503", StringComparison.Ordinal)).Sum(p => p.Value)
                + before.ServerErrors + during.ServerErrors + after.ServerErrors;
            Console.WriteLine($"5xx other than 503: {unexpected}; honest 503s: before {before.Unavailable}, soak {during.Unavailable}, after {after.Unavailable}");
            Console.WriteLine(string.Create(Inv, $"service RSS: max {rss.MaxMegabytes:0} MB over {rss.Samples} samples (1/s), peak (VmHWM) {rss.PeakMegabytes():0} MB"));
            Console.WriteLine(string.Create(Inv, $"load average at end {LoadAverage()}"));
            var metrics = await http.GetStringAsync("/metrics");
            foreach (var line in metrics.Split('\n').Where(l => l.StartsWith("moderation_admission_refused", StringComparison.Ordinal)
                || l.StartsWith("moderation_review_enqueue", StringComparison.Ordinal) || l.StartsWith("moderation_auth_failures", StringComparison.Ordinal)))
            {
                Console.WriteLine("  " + line);
            }

            return unexpected == 0 && rss.MaxMegabytes <= 500 ? 0 : 1;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            folder.Delete(recursive: true);
        }
    }

    private sealed record Phase(int Count, List<double> Latencies, int Unavailable, int ServerErrors);

    private static async Task<Phase> Honest(HttpClient http, List<string> posts, int clients, TimeSpan duration, string tag)
    {
        var latencies = new ConcurrentBag<double>();
        var unavailable = 0;
        var serverErrors = 0;
        var next = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                var i = Interlocked.Increment(ref next);
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/moderate")
                {
                    Content = JsonContent.Create(new { id = $"{tag}{i}", text = $"{posts[i % posts.Count]} #{tag}{i}" }),
                };
                request.Headers.Add("X-Api-Key", HonestKey);
                var sw = Stopwatch.StartNew();
                using var response = await http.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status == 200)
                {
                    latencies.Add(sw.Elapsed.TotalMilliseconds);
                }
                else if (status == 503)
                {
                    Interlocked.Increment(ref unavailable);
                }
                else if (status >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                }
            }
        }));
        return new Phase(latencies.Count, [.. latencies], unavailable, serverErrors);
    }

    private static void Report(string name, Phase phase, TimeSpan duration) =>
        Console.WriteLine(string.Create(Inv,
            $"{name}: {phase.Count} posts = {phase.Count / duration.TotalSeconds:0.0} posts/s; p50 {Percentile(phase.Latencies, 0.5):0} ms, p99 {Percentile(phase.Latencies, 0.99):0} ms; 503 {phase.Unavailable}, other 5xx {phase.ServerErrors}"));

    private static Task Hostile(int port, ConcurrentDictionary<string, int> statuses, string[]? only, CancellationToken stop)
    {
        Task Loop(string name, int port, ConcurrentDictionary<string, int> statuses, Func<HttpClient, int, Task<string>> send, CancellationToken stop) =>
            only is null || only.Contains(name) ? SoakHarness.Loop(name, port, statuses, send, stop) : Task.CompletedTask;

        var dense = Enumerable.Range(0, 16).Select(i => new { id = $"d{i}", text = Base58Words(20_000, i) }).ToArray();
        var huge = Enumerable.Range(0, 256).Select(i => new { id = $"h{i}", text = Base58Words(20_000, 100 + i) }).ToArray();
        var digits = DigitRuns(19_990, 7);
        var padding = new string('w', 15_000);
        return Task.WhenAll(
            Loop("abandoner", port, statuses, async (http, n) =>
            {
                using var gone = CancellationTokenSource.CreateLinkedTokenSource(stop);
                gone.CancelAfter(TimeSpan.FromSeconds(2));
                return await Send(http, HttpMethod.Post, "/v1/moderate/batch", HostileKey, JsonContent.Create(new { items = dense }), gone.Token);
            }, stop),
            Loop("huge-batch", port, statuses, async (http, n) =>
            {
                var status = await Send(http, HttpMethod.Post, "/v1/moderate/batch", HostileKey, JsonContent.Create(new { items = huge }), stop);
                await Task.Delay(TimeSpan.FromSeconds(5), stop); // a 5 MB body every few seconds is enough to show the refusal
                return status;
            }, stop),
            Loop("digit-runs", port, statuses, (http, n) =>
                Send(http, HttpMethod.Post, "/v1/moderate", HostileKey, JsonContent.Create(new { text = digits + " " + n.ToString(Inv) }), stop), stop),
            Loop("review-flooder", port, statuses, (http, n) =>
                Send(http, HttpMethod.Post, "/v1/moderate", FlooderKey, JsonContent.Create(new
                {
                    text = $"[{n}] Brothers, equip a mujahid of the Islamic State with weapons for the fight against the apostates. Donate now: {MoneroAddress} Monero only. {padding}",
                }), stop), stop),
            Loop("wrong-key", port, statuses, (http, n) =>
                Send(http, HttpMethod.Post, "/v1/moderate", "wrong-" + n.ToString(Inv), JsonContent.Create(new { text = "hello" }), stop), stop),
            Loop("malformed", port, statuses, (http, n) => (n % 4) switch
            {
                0 => Send(http, HttpMethod.Post, "/v1/moderate", HostileKey, new StringContent("""{"text":"hello","text":"equip a mujahid"}""", Encoding.UTF8, "application/json"), stop),
                1 => Send(http, HttpMethod.Post, "/v1/moderate", HostileKey, JsonContent.Create(new { id = "a\u0000b\r\nX: y", text = "hello" }), stop),
                2 => Send(http, HttpMethod.Post, "/v1/moderate", HostileKey + "\u0001" + HonestKey, JsonContent.Create(new { text = "hello" }), stop, twoKeys: true),
                _ => Send(http, HttpMethod.Get, "/v1/review/items?cursor=" + new string('a', 6000), HostileKey, null, stop),
            }, stop));
    }

    private static async Task Loop(string name, int port, ConcurrentDictionary<string, int> statuses, Func<HttpClient, int, Task<string>> send, CancellationToken stop)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            string status;
            try
            {
                status = await send(http, n);
            }
            catch (OperationCanceledException)
            {
                status = "client gave up";
            }
            catch (HttpRequestException ex)
            {
                status = "connection: " + ex.HttpRequestError;
            }

            statuses.AddOrUpdate($"{name} {status}", 1, (_, c) => c + 1);
        }
    }

    private static async Task<string> Send(HttpClient http, HttpMethod method, string path, string key, HttpContent? content, CancellationToken cancellationToken, bool twoKeys = false)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (twoKeys)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key.Split('\u0001'));
        }
        else
        {
            request.Headers.Add("X-Api-Key", key);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return ((int)response.StatusCode).ToString(Inv);
    }

    private static Process StartService(string dll, int port, string redisAddress)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { dll, "--urls", $"http://127.0.0.1:{port}" }, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["ConnectionStrings__Redis"] = redisAddress;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["MODERATION_API_KEY"] = string.Empty;

        // The request-count limit is lifted so the honest clients measure the model, not their own rate limit; the
        // hostile clients are held by what this soak is about: model tokens, request budgets, caps and auth limits.
        info.Environment["RateLimit__PermitLimit"] = "1000000";
        string[] keys = [HonestKey, HostileKey, FlooderKey];
        for (var i = 0; i < keys.Length; i++)
        {
            info.Environment[$"ApiKeys__Keys__{i}__Name"] = keys[i];
            info.Environment[$"ApiKeys__Keys__{i}__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keys[i])));
            info.Environment[$"ApiKeys__Keys__{i}__Scopes__0"] = "moderate";
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("service did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[service] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }



    private static string Base58Words(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 9);
        while (text.Length < length)
        {
            for (var i = 0; i < 8; i++)
            {
                text.Append(Base58Alphabet[random.Next(Base58Alphabet.Length)]);
            }

            text.Append(' ');
        }

        return text.ToString(0, length);
    }

    private static string DigitRuns(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            text.Append(random.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(Inv)).Append(' ');
        }

        return text.ToString(0, length);
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];
    }

    private static double Option(string[] args, string name, double fallback)
    {
        var at = Array.IndexOf(args, name);
        return at > 0 && at + 1 < args.Length ? double.Parse(args[at + 1], Inv) : fallback;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    /// <summary>Reads the service's resident set size once a second until disposed.</summary>
    private sealed class RssSampler : IDisposable
    {
        private readonly int _pid;
        private readonly Timer _timer;
        private double _max;
        private int _samples;

        public RssSampler(int pid)
        {
            _pid = pid;
            _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }

        public double MaxMegabytes => Volatile.Read(ref _max);

        public int Samples => Volatile.Read(ref _samples);

        public double PeakMegabytes() => Field("VmHWM:");

        public void Dispose() => _timer.Dispose();

        private void Sample()
        {
            var rss = Field("VmRSS:");
            if (!double.IsNaN(rss))
            {
                Interlocked.Increment(ref _samples);
                if (rss > _max)
                {
                    Volatile.Write(ref _max, rss);
                }
            }
        }

        private double Field(string name)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
                {
                    if (line.StartsWith(name, StringComparison.Ordinal))
                    {
                        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], Inv) / 1024;
                    }
                }
            }
            catch (IOException)
            {
            }

            return double.NaN;
        }
    }
}
