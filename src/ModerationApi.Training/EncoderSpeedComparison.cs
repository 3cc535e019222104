using System.Diagnostics;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// Two encoders timed on the same posts in the same process, in alternating rounds (baseline first, then the candidate
/// first, …) so drift in the machine's load falls on both alike. Only the per-round ratios mean anything on a shared
/// machine; their median is the figure to report.
/// </summary>
public sealed class EncoderSpeedComparison
{
    private EncoderSpeedComparison(IReadOnlyList<double> baselineRates, IReadOnlyList<double> candidateRates)
    {
        BaselineRates = baselineRates;
        CandidateRates = candidateRates;
        Ratios = [.. candidateRates.Zip(baselineRates, (c, b) => c / b)];
    }

    /// <summary>The baseline's posts per second, one per round.</summary>
    public IReadOnlyList<double> BaselineRates { get; }

    /// <summary>The candidate's posts per second, one per round.</summary>
    public IReadOnlyList<double> CandidateRates { get; }

    /// <summary>Candidate rate over baseline rate, one per round.</summary>
    public IReadOnlyList<double> Ratios { get; }

    /// <summary>The median of <see cref="Ratios"/>.</summary>
    public double MedianRatio => Median(Ratios);

    /// <summary>
    /// Embeds <paramref name="posts"/> with each encoder once untimed (arenas allocated, weights paged in), then
    /// <paramref name="rounds"/> timed rounds of both. <paramref name="onRound"/> sees each round's (baseline, candidate) rates.
    /// </summary>
    public static EncoderSpeedComparison Run(MiniLmEncoder baseline, MiniLmEncoder candidate, IReadOnlyList<string> posts, int rounds, Action<int, double, double>? onRound = null)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(posts);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var destination = new float[posts.Count * Math.Max(baseline.EmbeddingDimension, candidate.EmbeddingDimension)];

        double Rate(MiniLmEncoder encoder)
        {
            var started = Stopwatch.GetTimestamp();
            encoder.EmbedBatch(posts, destination.AsSpan(0, posts.Count * encoder.EmbeddingDimension));
            return posts.Count / Stopwatch.GetElapsedTime(started).TotalSeconds;
        }

        Rate(baseline);
        Rate(candidate);
        var baselineRates = new List<double>(rounds);
        var candidateRates = new List<double>(rounds);
        for (var r = 0; r < rounds; r++)
        {
            var baselineFirst = r % 2 == 0;
            var first = Rate(baselineFirst ? baseline : candidate);
            var second = Rate(baselineFirst ? candidate : baseline);
            baselineRates.Add(baselineFirst ? first : second);
            candidateRates.Add(baselineFirst ? second : first);
            onRound?.Invoke(r, baselineRates[^1], candidateRates[^1]);
        }

        return new EncoderSpeedComparison(baselineRates, candidateRates);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count).</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
