using System.Diagnostics;
using System.Globalization;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The int8 encoder against the fp32 one (both with the adapter merged), on the same posts in the same process:
/// <list type="bullet">
/// <item><c>int8 [rounds]</c>: raw ONNX Runtime on the int8 model (one post per call, as the encoder runs it) against raw
/// ONNX Runtime on the fp32 model (length-sorted batches of 32) (rounds alternate, so drift in the machine's load falls
/// on both alike; the median of the per-round ratios is the result),
/// then single-post latency at concurrency 1 through <see cref="MiniLmEncoder.Embed"/>, and each precision's peak RSS in a
/// child process of its own.</item>
/// <item><c>int8 explore [rounds] [name filter]</c>: quantisation variants (per column or per matrix, 7 or 8 bits, layers
/// or products left in fp32): cosine of their embeddings to fp32 and their raw speed ratio.</item>
/// <item><c>int8 batching</c>: whether a post's embedding depends on its batch, and raw speed batched and one post per
/// call for both precisions.</item>
/// <item><c>int8-rss fp32|int8</c>: the child: loads the encoder alone at that precision, embeds the posts in batches
/// of 32 and one by one, and prints its peak RSS.</item>
/// </list>
/// </summary>
internal static class Int8Harness
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "batching")
        {
            return Batching();
        }

        if (args.Length > 1 && args[1] == "explore")
        {
            return Explore(args.Length > 2 ? int.Parse(args[2], Inv) : 3, args.Length > 3 ? args[3] : null);
        }

        int rounds = args.Length > 1 ? int.Parse(args[1], Inv) : 10;
        var posts = Posts(512);
        Console.WriteLine($"{posts.Count} posts; the NuGet model with the committed adapter merged, 2 threads; raw fp32 in batches of 32, raw int8 one post per call");
        double ratio = RawRatio(posts, Int8QuantizerSettings.Shipped, rounds, verbose: true);
        Console.WriteLine(string.Create(Inv, $"raw int8 / raw fp32: median of per-round ratios {ratio:0.000}"));

        var singles = posts.Take(256).ToList();
        foreach (var precision in new[] { EncoderPrecision.Fp32, EncoderPrecision.Int8 })
        {
            var load = Stopwatch.StartNew();
            using var encoder = new MiniLmEncoder(new EncoderOptions { Precision = precision });
            double loadSeconds = load.Elapsed.TotalSeconds;
            var (p50, p99) = SingleLatency(encoder, singles);
            Console.WriteLine(string.Create(Inv, $"{precision}: load {loadSeconds:0.00} s; single post at concurrency 1 ({singles.Count} posts): p50 {p50:0.00} ms, p99 {p99:0.00} ms"));
        }

        foreach (var precision in new[] { "fp32", "int8" })
        {
            Console.WriteLine($"{precision}: {ChildPeakRss(precision)}");
        }

        return 0;
    }

    /// <summary>The child process of <c>int8</c>: loads the encoder at one precision and reports its peak RSS.</summary>
    public static int RunRssChild(string[] args)
    {
        var precision = args.Length > 1 && args[1] == "int8" ? EncoderPrecision.Int8 : EncoderPrecision.Fp32;
        var posts = Posts(512);
        using var encoder = new MiniLmEncoder(new EncoderOptions { Precision = precision });
        Console.WriteLine($"loaded {encoder.ModelVersion}; VmHWM after load {Status("VmHWM")}");
        var destination = new float[posts.Count * MiniLmEncoder.Dimension];
        encoder.EmbedBatch(posts, destination);
        foreach (var post in posts.Take(64))
        {
            encoder.Embed(post);
        }

        Console.WriteLine($"peak RSS (VmHWM) {Status("VmHWM")}, RSS now {Status("VmRSS")}");
        return 0;
    }

    private static int Explore(int rounds, string? filter)
    {
        var posts = Posts(512);
        var (fp32Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions(), ModelAssemblyReader.DefaultPath);
        var matMuls = Int8Quantizer.FindMatMuls(fp32Model);
        Console.WriteLine($"{matMuls.Count} weight products, 6 per layer in graph order (query, key, value, attention output, FFN in, FFN out)");
        fp32Model = [];
        foreach (var m in matMuls.Take(6))
        {
            Console.WriteLine($"  layer 0: {m.NodeName} over {m.WeightName} [{m.Rows} x {m.Columns}]");
        }

        var fp32 = Embed(new EncoderOptions(), posts);
        string[] ffnOut = [.. matMuls.Where(m => m.Rows > m.Columns).Select(m => m.NodeName)];
        string[] ffnIn = [.. matMuls.Where(m => m.Rows < m.Columns).Select(m => m.NodeName)];
        string[] attentionOut = [.. matMuls.Where((_, i) => i % 6 == 3).Select(m => m.NodeName)];
        (string Name, Int8QuantizerSettings Settings)[] variants =
        [
            ("per column, 7 bits (shipped)", Int8QuantizerSettings.Shipped),
            ("per column, 8 bits", new() { WeightBits = 8 }),
            ("per matrix, 7 bits", new() { PerColumn = false }),
            ("per matrix, 8 bits", new() { PerColumn = false, WeightBits = 8 }),
            .. Enumerable.Range(0, matMuls.Count / 6).Select(layer => (
                $"per column, 7 bits, layer {layer} fp32",
                new Int8QuantizerSettings { KeepFp32 = [.. matMuls.Skip(layer * 6).Take(6).Select(m => m.NodeName)] })),
            .. Enumerable.Range(0, ffnOut.Length).Select(layer => (
                $"per column, 7 bits, FFN output of layer {layer} fp32", new Int8QuantizerSettings { KeepFp32 = [ffnOut[layer]] })),
            ("per column, 7 bits, FFN outputs of layers 0 and 5 fp32", new() { KeepFp32 = [ffnOut[0], ffnOut[^1]] }),
            ("per column, 7 bits, FFN outputs fp32", new() { KeepFp32 = ffnOut }),
            ("per column, 7 bits, FFN inputs fp32", new() { KeepFp32 = ffnIn }),
            ("per column, 7 bits, attention outputs fp32", new() { KeepFp32 = attentionOut }),
        ];
        foreach (var (name, settings) in variants.Where(v => filter is null || v.Name.Contains(filter, StringComparison.Ordinal)))
        {
            var int8 = Embed(new EncoderOptions { Precision = EncoderPrecision.Int8, Int8Settings = settings }, posts);
            var cosines = Enumerable.Range(0, posts.Count).Select(i => Dot(fp32, int8, i)).Order().ToList();
            double ratio = RawRatio(posts, settings, rounds, verbose: false);
            Console.WriteLine(string.Create(
                Inv,
                $"{name}: cosine to fp32 median {cosines[cosines.Count / 2]:0.0000}, p1 {cosines[cosines.Count / 100]:0.0000}, min {cosines[0]:0.0000}; raw speed x{ratio:0.000}"));
        }

        return 0;
    }

    /// <summary>How much an embedding depends on the other posts of its batch: batched against one post per call.</summary>
    private static int Batching()
    {
        var settings = Int8QuantizerSettings.Shipped;
        var posts = Posts(256);
        foreach (var precision in new[] { EncoderPrecision.Fp32, EncoderPrecision.Int8 })
        {
            // MaxBatchSize only applies to fp32 (the int8 encoder runs one text per call), so int8 batches are run raw below.
            using var encoder = new MiniLmEncoder(new EncoderOptions { Precision = precision, Int8Settings = settings });
            var batched = new float[posts.Count * MiniLmEncoder.Dimension];
            encoder.EmbedBatch(posts, batched);
            var single = posts.SelectMany(encoder.Embed).ToArray();
            var cosines = Enumerable.Range(0, posts.Count).Select(i => Dot(batched, single, i)).Order().ToList();
            Console.WriteLine(string.Create(Inv, $"{precision}: batched vs one by one: cosine median {cosines[cosines.Count / 2]:0.000000}, min {cosines[0]:0.000000}"));
        }

        var (fp32Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions(), ModelAssemblyReader.DefaultPath);
        using var fp32Raw = new RawOrtBaseline(posts, model: fp32Model);
        using var fp32Single = new RawOrtBaseline(posts, batchSize: 1, model: fp32Model);
        var (int8Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions { Precision = EncoderPrecision.Int8, Int8Settings = settings }, ModelAssemblyReader.DefaultPath);
        using var int8Raw = new RawOrtBaseline(posts, model: int8Model);
        using var int8Single = new RawOrtBaseline(posts, batchSize: 1, model: int8Model);
        RawOrtBaseline[] all = [fp32Raw, fp32Single, int8Raw, int8Single];
        var rates = all.Select(_ => new List<double>()).ToArray();
        for (int r = 0; r < 4; r++)
        {
            for (int k = 0; k < all.Length; k++)
            {
                int i = (k + r) % all.Length;
                var watch = Stopwatch.StartNew();
                all[i].Run();
                rates[i].Add(posts.Count / watch.Elapsed.TotalSeconds);
            }
        }

        string[] names = ["fp32 batches of 32", "fp32 one post per call", "int8 batches of 32", "int8 one post per call"];
        for (int i = 0; i < all.Length; i++)
        {
            Console.WriteLine(string.Create(Inv, $"{names[i]}: median {RoundStats.Median(rates[i]):0.0} posts/s"));
        }

        return 0;
    }

    /// <summary>Raw int8 throughput over raw fp32 throughput, median of alternating rounds.</summary>
    private static double RawRatio(List<string> posts, Int8QuantizerSettings settings, int rounds, bool verbose)
    {
        var (fp32Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions(), ModelAssemblyReader.DefaultPath);
        using var fp32 = new RawOrtBaseline(posts, model: fp32Model);
        var (int8Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions { Precision = EncoderPrecision.Int8, Int8Settings = settings }, ModelAssemblyReader.DefaultPath);
        // As the int8 encoder runs: one post per call (see MiniLmEncoder); fp32 as it runs, batches of 32.
        using var int8 = new RawOrtBaseline(posts, batchSize: 1, model: int8Model);

        double Rate(RawOrtBaseline raw)
        {
            var watch = Stopwatch.StartNew();
            raw.Run();
            return posts.Count / watch.Elapsed.TotalSeconds;
        }

        Rate(fp32);
        Rate(int8);
        var ratios = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            bool fp32First = r % 2 == 0;
            double first = Rate(fp32First ? fp32 : int8);
            double second = Rate(fp32First ? int8 : fp32);
            double fp32Rate = fp32First ? first : second, int8Rate = fp32First ? second : first;
            ratios.Add(int8Rate / fp32Rate);
            if (verbose)
            {
                Console.WriteLine(string.Create(Inv, $"round {r + 1}: raw fp32 {fp32Rate:0.0} posts/s, raw int8 {int8Rate:0.0} posts/s, ratio {ratios[^1]:0.000}"));
            }
        }

        return RoundStats.Median(ratios);
    }

    private static (double P50, double P99) SingleLatency(MiniLmEncoder encoder, List<string> posts)
    {
        foreach (var post in posts.Take(16))
        {
            encoder.Embed(post);
        }

        var times = new List<double>();
        foreach (var post in posts)
        {
            var watch = Stopwatch.StartNew();
            encoder.Embed(post);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)(times.Count * 0.99))]);
    }

    private static string ChildPeakRss(string precision)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Int8Harness).Assembly.Location);
        }

        start.ArgumentList.Add("int8-rss");
        start.ArgumentList.Add(precision);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the child");
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return output.Trim().Replace(Environment.NewLine, "; ", StringComparison.Ordinal);
    }

    private static string Status(string key) =>
        File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim() ?? "?";

    private static float[] Embed(EncoderOptions options, List<string> posts)
    {
        using var encoder = new MiniLmEncoder(options);
        var result = new float[posts.Count * MiniLmEncoder.Dimension];
        encoder.EmbedBatch(posts, result);
        return result;
    }

    private static double Dot(float[] a, float[] b, int row)
    {
        double sum = 0;
        for (int j = 0; j < MiniLmEncoder.Dimension; j++)
        {
            sum += a[(row * MiniLmEncoder.Dimension) + j] * b[(row * MiniLmEncoder.Dimension) + j];
        }

        return sum;
    }

    private static List<string> Posts(int count)
    {
        var pool = Corpus.Posts.Where(p => !ScriptDetector.IsMostlyUnreadable(p)).ToList();
        return Enumerable.Range(0, count).Select(i => pool[i % pool.Count]).ToList();
    }
}
