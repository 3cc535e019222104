using System.Diagnostics;
using System.Globalization;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The int8 encoder against the fp32 one (both with the adapter merged), on the same posts in the same process:
/// <list type="bullet">
/// <item><c>int8 [rounds]</c>: raw ONNX Runtime on the int8 model against raw ONNX Runtime on the fp32 model (rounds
/// alternate, so drift in the machine's load falls on both alike; the median of the per-round ratios is the result),
/// then single-post latency at concurrency 1 through <see cref="MiniLmEncoder.Embed"/>, and each precision's peak RSS in a
/// child process of its own.</item>
/// <item><c>int8 explore</c>: quantisation variants (per column or per matrix, 7 or 8 bits, layers left in fp32): cosine
/// of their embeddings to fp32 and their raw speed ratio.</item>
/// <item><c>int8-rss fp32|int8</c>: the child: loads the encoder alone at that precision, embeds the posts in batches
/// of 32 and one by one, and prints its peak RSS.</item>
/// </list>
/// </summary>
internal static class Int8Harness
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        if (args.Length > 1 && args[1] == "explore")
        {
            return Explore(args.Length > 2 ? int.Parse(args[2], Inv) : 3);
        }

        int rounds = args.Length > 1 ? int.Parse(args[1], Inv) : 10;
        var posts = Posts(512);
        Console.WriteLine($"{posts.Count} posts; the NuGet model with the committed adapter merged, 2 threads, batches of 32");
        double ratio = RawRatio(posts, Int8QuantizerSettings.Shipped, rounds, verbose: true);
        Console.WriteLine(string.Create(Inv, $"raw int8 / raw fp32: median of per-round ratios {ratio:0.000}"));

        var singles = posts.Take(256).ToList();
        foreach (var precision in new[] { EncoderPrecision.Fp32, EncoderPrecision.Int8 })
        {
            using var encoder = new MiniLmEncoder(new EncoderOptions { Precision = precision });
            var (p50, p99) = SingleLatency(encoder, singles);
            Console.WriteLine(string.Create(Inv, $"{precision}: single post at concurrency 1 ({singles.Count} posts): p50 {p50:0.00} ms, p99 {p99:0.00} ms"));
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

    private static int Explore(int rounds)
    {
        var posts = Posts(512);
        var (fp32Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions(), ModelAssemblyReader.DefaultPath);
        foreach (var m in Int8Quantizer.FindMatMuls(fp32Model))
        {
            Console.WriteLine($"  {m.NodeName} ({m.WeightName}, {m.Rows}x{m.Columns})");
        }

        var fp32 = Embed(new EncoderOptions(), posts);
        Int8QuantizerSettings[] variants =
        [
            new() { PerColumn = true, WeightBits = 7 },
            new() { PerColumn = true, WeightBits = 8 },
            new() { PerColumn = false, WeightBits = 7 },
            new() { PerColumn = false, WeightBits = 8 },
            new() { PerColumn = true, WeightBits = 7, KeepFp32 = ["layer.0/"] },
            new() { PerColumn = true, WeightBits = 7, KeepFp32 = ["layer.5/"] },
            new() { PerColumn = true, WeightBits = 7, KeepFp32 = ["/output/dense"] },
            new() { PerColumn = true, WeightBits = 7, KeepFp32 = ["attention/output/dense"] },
        ];
        foreach (var settings in variants)
        {
            var int8 = Embed(new EncoderOptions { Precision = EncoderPrecision.Int8, Int8Settings = settings }, posts);
            var cosines = Enumerable.Range(0, posts.Count).Select(i => Dot(fp32, int8, i)).Order().ToList();
            double ratio = RawRatio(posts, settings, rounds, verbose: false);
            Console.WriteLine(string.Create(
                Inv,
                $"{settings.Describe()} [{string.Join(' ', settings.KeepFp32)}]: cosine to fp32 median {cosines[cosines.Count / 2]:0.0000}, p1 {cosines[cosines.Count / 100]:0.0000}, min {cosines[0]:0.0000}; raw speed x{ratio:0.000}"));
        }

        return 0;
    }

    /// <summary>Raw int8 throughput over raw fp32 throughput, median of alternating rounds.</summary>
    private static double RawRatio(List<string> posts, Int8QuantizerSettings settings, int rounds, bool verbose)
    {
        var (fp32Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions(), ModelAssemblyReader.DefaultPath);
        using var fp32 = new RawOrtBaseline(posts, model: fp32Model);
        var (int8Model, _, _) = MiniLmEncoder.PrepareModel(new EncoderOptions { Precision = EncoderPrecision.Int8, Int8Settings = settings }, ModelAssemblyReader.DefaultPath);
        using var int8 = new RawOrtBaseline(posts, model: int8Model);

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

        return Median(ratios);
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

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
