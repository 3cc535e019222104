namespace ModerationApi.Training;

/// <summary>Threshold-free ranking quality of a score, for the evaluation report.</summary>
public static class RankingMetrics
{
    /// <summary>
    /// Area under the ROC curve: the probability that a random positive outscores a random negative, a tie counting
    /// one half (the Mann–Whitney statistic).
    /// </summary>
    /// <param name="scores">One score per sample.</param>
    /// <param name="labels">True for positives, parallel to <paramref name="scores"/>.</param>
    /// <exception cref="ArgumentException">Mismatched lengths, a NaN score, or no positive or no negative.</exception>
    public static double RocAuc(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var (sorted, positives, negatives) = SortAscending(scores, labels);
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException("ROC-AUC needs at least one positive and one negative.", nameof(labels));
        }

        double pairs = 0;
        long negativesBelow = 0;
        ForEachTieGroup(sorted, ascending: true, (p, q) =>
        {
            pairs += p * (negativesBelow + (0.5 * q));
            negativesBelow += q;
        });
        return pairs / ((double)positives * negatives);
    }

    /// <summary>
    /// Average precision: Σ (Rₙ − Rₙ₋₁)·Pₙ over the distinct score thresholds from the highest down, with tied scores
    /// entering together (the step-wise PR-AUC, as scikit-learn's <c>average_precision_score</c> computes it).
    /// </summary>
    /// <param name="scores">One score per sample.</param>
    /// <param name="labels">True for positives, parallel to <paramref name="scores"/>.</param>
    /// <exception cref="ArgumentException">Mismatched lengths, a NaN score, or no positive.</exception>
    public static double AveragePrecision(ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        var (sorted, positives, _) = SortAscending(scores, labels);
        if (positives == 0)
        {
            throw new ArgumentException("Average precision needs at least one positive.", nameof(labels));
        }

        double sum = 0;
        long truePositives = 0, flagged = 0;
        ForEachTieGroup(sorted, ascending: false, (p, q) =>
        {
            truePositives += p;
            flagged += p + q;
            sum += (double)p / positives * ((double)truePositives / flagged);
        });
        return sum;
    }

    private static ((float Score, bool Positive)[] Sorted, long Positives, long Negatives) SortAscending(
        ReadOnlySpan<float> scores, ReadOnlySpan<bool> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException("One label is needed per score.", nameof(labels));
        }

        var sorted = new (float Score, bool Positive)[scores.Length];
        long positives = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            if (float.IsNaN(scores[i]))
            {
                throw new ArgumentException("Scores must not be NaN.", nameof(scores));
            }

            sorted[i] = (scores[i], labels[i]);
            positives += labels[i] ? 1 : 0;
        }

        Array.Sort(sorted, static (a, b) => a.Score.CompareTo(b.Score));
        return (sorted, positives, scores.Length - positives);
    }

    /// <summary>Calls <paramref name="visit"/> with (positives, negatives) of each run of equal scores.</summary>
    private static void ForEachTieGroup((float Score, bool Positive)[] sorted, bool ascending, Action<long, long> visit)
    {
        var i = 0;
        while (i < sorted.Length)
        {
            var at = ascending ? i : sorted.Length - 1 - i;
            var score = sorted[at].Score;
            long p = 0, q = 0;
            while (i < sorted.Length && sorted[ascending ? i : sorted.Length - 1 - i].Score == score)
            {
                if (sorted[ascending ? i : sorted.Length - 1 - i].Positive)
                {
                    p++;
                }
                else
                {
                    q++;
                }

                i++;
            }

            visit(p, q);
        }
    }
}
