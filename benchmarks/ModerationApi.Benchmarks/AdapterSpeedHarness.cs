using System.Globalization;
using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

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
        var speed = EncoderSpeedComparison.Run(baseModel, merged, posts, rounds, (r, b, m) =>
            Console.WriteLine(string.Create(Inv, $"round {r + 1}: base {b:0.0} posts/s, merged {m:0.0} posts/s, ratio {m / b:0.000}")));
        Console.WriteLine(string.Create(Inv, $"median: base {RoundStats.Median(speed.BaselineRates):0.0} posts/s, merged {RoundStats.Median(speed.CandidateRates):0.0} posts/s; median of per-round ratios {speed.MedianRatio:0.000}"));
        return 0;
    }
}
