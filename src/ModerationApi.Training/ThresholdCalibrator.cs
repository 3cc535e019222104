namespace ModerationApi.Training;

/// <summary>
/// Picks decision thresholds from held-out scores so that the false-positive rate stays under a budget.
/// A text is flagged when <c>score ≥ threshold</c>.
/// </summary>
public static class ThresholdCalibrator
{
    // floor(rate × count) must not lose a whole sample to representation error: 0.29 × 100 is 28.999999999999996.
    private const double CountTolerance = 1e-9;

    /// <summary>The lowest threshold whose false-positive rate on <paramref name="negativeScores"/> is at most the budget.</summary>
    /// <param name="positiveScores">Held-out positives' scores; only used to report recall (may be empty).</param>
    /// <param name="negativeScores">Held-out negatives' scores (at least one).</param>
    /// <param name="maxFalsePositiveRate">The budget, in [0, 1), e.g. 0.005.</param>
    /// <exception cref="ArgumentException">No negatives, a NaN score, or a budget out of range.</exception>
    public static ThresholdCalibration Calibrate(
        ReadOnlySpan<float> positiveScores, ReadOnlySpan<float> negativeScores, double maxFalsePositiveRate)
    {
        CheckBudget(maxFalsePositiveRate);
        CheckScores(positiveScores, nameof(positiveScores));
        CheckScores(negativeScores, nameof(negativeScores));
        if (negativeScores.IsEmpty)
        {
            throw new ArgumentException("At least one negative score is needed.", nameof(negativeScores));
        }

        var threshold = LowestThreshold(negativeScores.ToArray(), maxFalsePositiveRate);
        return Describe(threshold, positiveScores, negativeScores, bindingGroup: null);
    }

    /// <summary>
    /// The highest of the per-group thresholds, each the lowest one that keeps its own group's false-positive rate
    /// within the budget: a source of negatives that is harder than the rest (one forum, one language) then cannot
    /// use up the whole budget while the pooled rate still looks fine.
    /// </summary>
    /// <param name="positiveScores">Held-out positives' scores; only used to report recall (may be empty).</param>
    /// <param name="negativeScores">Held-out negatives' scores (at least one).</param>
    /// <param name="negativeGroups">The source of each negative, parallel to <paramref name="negativeScores"/>.</param>
    /// <param name="maxFalsePositiveRate">The budget, in [0, 1), applied to every group.</param>
    /// <exception cref="ArgumentException">Mismatched lengths, no negatives, a NaN score, or a budget out of range.</exception>
    public static ThresholdCalibration Calibrate(
        ReadOnlySpan<float> positiveScores,
        ReadOnlySpan<float> negativeScores,
        IReadOnlyList<string> negativeGroups,
        double maxFalsePositiveRate)
    {
        ArgumentNullException.ThrowIfNull(negativeGroups);
        CheckBudget(maxFalsePositiveRate);
        CheckScores(positiveScores, nameof(positiveScores));
        CheckScores(negativeScores, nameof(negativeScores));
        if (negativeScores.IsEmpty)
        {
            throw new ArgumentException("At least one negative score is needed.", nameof(negativeScores));
        }

        if (negativeGroups.Count != negativeScores.Length)
        {
            throw new ArgumentException("One group is needed per negative score.", nameof(negativeGroups));
        }

        var byGroup = new SortedDictionary<string, List<float>>(StringComparer.Ordinal);
        for (var i = 0; i < negativeScores.Length; i++)
        {
            var group = negativeGroups[i] ?? string.Empty;
            if (!byGroup.TryGetValue(group, out var scores))
            {
                byGroup[group] = scores = [];
            }

            scores.Add(negativeScores[i]);
        }

        var threshold = float.NegativeInfinity;
        string? binding = null;
        foreach (var (group, scores) in byGroup)
        {
            var own = LowestThreshold([.. scores], maxFalsePositiveRate);
            if (own > threshold)
            {
                threshold = own;
                binding = group;
            }
        }

        return Describe(threshold, positiveScores, negativeScores, binding);
    }

    /// <summary>
    /// With k = ⌊budget·count⌋ negatives allowed at or above the threshold, the lowest float threshold is the one just
    /// above the (k+1)-th highest negative. Ties are handled for free: every negative equal to that score falls below.
    /// </summary>
    internal static float LowestThreshold(float[] negatives, double maxFalsePositiveRate)
    {
        Array.Sort(negatives);
        var allowed = (int)Math.Floor((maxFalsePositiveRate * negatives.Length) + CountTolerance);

        // The budget is below 1, so allowed < count and the (allowed+1)-th highest negative exists.
        return float.BitIncrement(negatives[negatives.Length - 1 - allowed]);
    }

    private static ThresholdCalibration Describe(
        float threshold, ReadOnlySpan<float> positives, ReadOnlySpan<float> negatives, string? bindingGroup) =>
        new(threshold, ShareAtOrAbove(negatives, threshold), positives.IsEmpty ? double.NaN : ShareAtOrAbove(positives, threshold), bindingGroup);

    private static double ShareAtOrAbove(ReadOnlySpan<float> scores, float threshold)
    {
        var count = 0;
        foreach (var s in scores)
        {
            if (s >= threshold)
            {
                count++;
            }
        }

        return (double)count / scores.Length;
    }

    private static void CheckBudget(double maxFalsePositiveRate)
    {
        if (!(maxFalsePositiveRate >= 0 && maxFalsePositiveRate < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(maxFalsePositiveRate), "The budget must be in [0, 1).");
        }
    }

    private static void CheckScores(ReadOnlySpan<float> scores, string paramName)
    {
        foreach (var s in scores)
        {
            if (float.IsNaN(s))
            {
                throw new ArgumentException("Scores must not be NaN.", paramName);
            }
        }
    }
}
