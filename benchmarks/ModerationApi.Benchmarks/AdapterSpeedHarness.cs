using System.Diagnostics;
using System.Globalization;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// <c>adapter-speed [rounds]</c>: the encoder with the fine-tuning adapter merged against the base model, on the same
/// posts in the same process. The adapter only rewrites initializer values, so the two sessions run the same graph; the
/// rounds alternate (base, merged, merged, base, …) so drift in the machine's load falls on both alike.
/// </summary>
internal static class AdapterSpeedHarness
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], Inv) : 10;
        var pool = Corpus.Posts.Where(p => !ScriptDetector.IsMostlyUnreadable(p)).ToList();
        var posts = Enumerable.Range(0, 512).Select(i => pool[i % pool.Count]).ToList();
        using var baseModel = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 32, UseAdapter = false });
        using var merged = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 32 });
        Console.WriteLine($"{posts.Count} posts; base {baseModel.ModelVersion}, merged {merged.ModelVersion}");
        var destination = new float[posts.Count * MiniLmEncoder.Dimension];

        double Time(MiniLmEncoder encoder)
        {
            var watch = Stopwatch.StartNew();
            encoder.EmbedBatch(posts, destination);
            return posts.Count / watch.Elapsed.TotalSeconds;
        }

        // Warm-up: first runs allocate the arena and page the weights in.
        Time(baseModel);
        Time(merged);
        var baseRates = new List<double>();
        var mergedRates = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            bool baseFirst = r % 2 == 0;
            double first = Time(baseFirst ? baseModel : merged);
            double second = Time(baseFirst ? merged : baseModel);
            baseRates.Add(baseFirst ? first : second);
            mergedRates.Add(baseFirst ? second : first);
            Console.WriteLine(string.Create(Inv, $"round {r + 1}: base {baseRates[^1]:0.0} posts/s, merged {mergedRates[^1]:0.0} posts/s, ratio {mergedRates[^1] / baseRates[^1]:0.000}"));
        }

        double baseMedian = RoundStats.Median(baseRates);
        double mergedMedian = RoundStats.Median(mergedRates);
        double ratioMedian = RoundStats.Median(mergedRates.Zip(baseRates, (m, b) => m / b).ToList());
        Console.WriteLine(string.Create(Inv, $"median: base {baseMedian:0.0} posts/s, merged {mergedMedian:0.0} posts/s; median of per-round ratios {ratioMedian:0.000}"));
        return 0;
    }
}
