using System.Globalization;
using System.Text.Json;
using ModerationApi.Training;

namespace ModerationApi.Cli;

/// <summary>
/// The calibration half of <c>moderation train</c>: thresholds per head from held-out posts under a false-positive
/// budget pooled over the chosen negatives, and the held-out reports written to <c>training.json</c>.
/// </summary>
internal static class TrainCalibration
{
    /// <summary>
    /// Per-source budgets of the <c>per-source</c> pool: the targets' own rates (0.5% news and everyday tweets, 1% news
    /// about terrorism and charity appeals) plus 1% on the project's hard negatives; forum noHate sentences have none.
    /// </summary>
    private static readonly Dictionary<string, double> SourceBudgets = new(StringComparer.Ordinal)
    {
        ["news"] = 0.005,
        ["general_tweets"] = 0.005,
        ["news_terrorism"] = 0.01,
        ["charity"] = 0.01,
        ["corpus_hard_negatives"] = 0.01,
    };

    public static readonly string[] Pools = ["all", "no-forum", "per-source"];

    /// <summary>The coarse source of a negative row, the unit of the per-source budgets and reports.</summary>
    private static string ReportSource(LabelledPost row) => row switch
    {
        { Label: "far_right_forum_nohate" } => "stormfront_nohate",
        { Label: "news_terrorism" } => "news_terrorism",
        { Source: "news" } => "news",
        { Source: "charity_appeals" } => "charity",
        { Source: "general_tweets" } => "general_tweets",
        { Label: "counter_speech" } => "conan_counter_speech",
        _ when row.Source.StartsWith("hard_negatives", StringComparison.Ordinal) => "corpus_hard_negatives",
        { Label: "benign" } when row.Source.StartsWith("stance_", StringComparison.Ordinal) => "corpus_hard_negatives",
        _ => row.Source,
    };

    private static bool InPool(string pool, string source) => pool switch
    {
        "all" => true,
        "no-forum" => source != "stormfront_nohate",
        _ => SourceBudgets.ContainsKey(source),
    };

    /// <summary>
    /// The threshold for a calibration pool: the pooled 0.5% budget over all negatives or all but the forum's, or the
    /// highest of the per-source thresholds, each keeping its own source within its budget.
    /// </summary>
    internal static ThresholdCalibration Calibrate(string pool, List<float> positives, List<float> negatives, List<string> sources)
    {
        if (pool != "per-source")
        {
            return ThresholdCalibrator.Calibrate(positives.ToArray(), negatives.Where((_, k) => InPool(pool, sources[k])).ToArray(), TrainCommand.FalsePositiveBudget);
        }

        var threshold = float.NegativeInfinity;
        string? binding = null;
        foreach (var (source, budget) in SourceBudgets.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var own = negatives.Where((_, k) => sources[k] == source).ToArray();
            if (own.Length > 0 && ThresholdCalibrator.Calibrate([], own, budget).Threshold is var t && t > threshold)
            {
                (threshold, binding) = (t, source);
            }
        }

        var inPool = negatives.Where((_, k) => InPool(pool, sources[k])).ToList();
        return new ThresholdCalibration(
            threshold,
            inPool.Count(v => v >= threshold) / (double)inPool.Count,
            positives.Count(v => v >= threshold) / (double)Math.Max(1, positives.Count),
            binding);
    }

    /// <summary>
    /// Report only: what each calibration pool would do on this fold's held-out rows (the propaganda head), as counts so
    /// folds can be pooled: clean and MIWS recall, and the negatives at or above the threshold per source (the corpus
    /// hard negatives also per category).
    /// </summary>
    private static object ComparePool(
        string pool, List<LabelledPost> rows, bool[] heldOut, float[][] postScores, List<float> negatives, List<string> sources, List<float> positives)
    {
        var threshold = Calibrate(pool, positives, negatives, sources).Threshold;
        var counts = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        void Count(string key, bool over)
        {
            if (!counts.TryGetValue(key, out var c))
            {
                counts[key] = c = new int[2];
            }

            c[0] += over ? 1 : 0;
            c[1]++;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (!heldOut[i])
            {
                continue;
            }

            var row = rows[i];
            var over = postScores[i][0] >= threshold;
            var (targets, _) = TrainingLabels.For(row);
            if (targets[0] == LabelTarget.Negative)
            {
                var source = ReportSource(row);
                Count("neg/" + source, over);
                if (source == "corpus_hard_negatives")
                {
                    Count("neg/corpus/" + row.Extra.GetValueOrDefault("category", "?"), over);
                }
            }
            else if (TrainingLabels.IsCleanPositive(row, 0))
            {
                Count("pos/clean", over);
                if (row.Source == TrainingLabels.MiwsSource)
                {
                    Count("pos/miws", over);
                    Count("pos/miws/" + row.Extra.GetValueOrDefault("ideology", "?"), over);
                }
            }
            else if (targets[0] == LabelTarget.Positive)
            {
                Count("pos/" + row.Source, over);
            }
        }

        return new { pool, threshold, flaggedOfRows = counts };
    }

    /// <summary>Held-out recall at the threshold and ROC-AUC against all held-out negatives, per positive group.</summary>
    internal static List<HeldOutGroup> HeldOutReport(List<LabelledPost> rows, bool[] heldOut, float[][] postScores, float threshold)
    {
        var negatives = new List<float>();
        var byGroup = new SortedDictionary<string, List<float>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!heldOut[i])
            {
                continue;
            }

            var row = rows[i];
            var (targets, _) = TrainingLabels.For(row);
            if (targets[0] == LabelTarget.Negative)
            {
                negatives.Add(postScores[i][0]);
                continue;
            }

            if (targets[0] != LabelTarget.Positive)
            {
                continue;
            }

            var group = row.Source switch
            {
                "miws_extremist_quotes" => "miws/" + row.Extra.GetValueOrDefault("ideology", "?"),
                TrainingLabels.ProIsisSource when row.Label == TrainingLabels.RelabelledPropaganda => "pro_isis_accounts read as propaganda",
                TrainingLabels.ProIsisSource => "pro_isis_accounts (noisy)",
                "stormfront_sentences" => "stormfront hate",
                _ when row.Extra.GetValueOrDefault("ideology") is { } ideology && ideology != "none" => "corpus/" + ideology,
                _ => "corpus/" + (row.Extra.GetValueOrDefault("category", "?") is var c && c.StartsWith("far_right", StringComparison.Ordinal) ? "far_right" : c),
            };
            if (!byGroup.TryGetValue(group, out var list))
            {
                byGroup[group] = list = [];
            }

            list.Add(postScores[i][0]);
        }

        var all = byGroup.Where(g => g.Key.StartsWith("miws/", StringComparison.Ordinal)).SelectMany(g => g.Value).ToList();
        byGroup["miws (all)"] = all;
        return byGroup.Select(g => new HeldOutGroup(
            g.Key,
            g.Value.Count,
            Math.Round(g.Value.Count(v => v >= threshold) / (double)Math.Max(1, g.Value.Count), 4),
            Math.Round(RankingMetrics.RocAuc([.. g.Value, .. negatives], [.. g.Value.Select(_ => true), .. negatives.Select(_ => false)]), 4))).ToList();
    }

    /// <summary>Held-out numbers of one group of propaganda positives.</summary>
    internal sealed record HeldOutGroup(string Group, int Rows, double Recall, double RocAuc);

    /// <summary>
    /// One threshold per head, calibrated on held-out posts scored exactly as the service scores them (the top-third mean
    /// of window scores), with what each head's calibration found and, for the propaganda head, what every pool would do.
    /// </summary>
    public static (float[] Thresholds, List<object> Calibrations, List<object> PoolComparison) CalibrateAll(
        string pool, List<LabelledPost> readable, bool[] heldOut, float[][] postScores)
    {
        var thresholds = new float[TrainingLabels.Heads.Count];
        var calibrations = new List<object>();
        List<object> poolComparison = [];
        for (var h = 0; h < TrainingLabels.Heads.Count; h++)
        {
            var positives = new List<float>();
            var negatives = new List<float>();
            var sources = new List<string>();
            var groups = new List<string>();
            for (var i = 0; i < readable.Count; i++)
            {
                if (!heldOut[i])
                {
                    continue;
                }

                var (targets, _) = TrainingLabels.For(readable[i]);
                if (TrainingLabels.IsCleanPositive(readable[i], h))
                {
                    positives.Add(postScores[i][h]);
                }
                else if (targets[h] == LabelTarget.Negative)
                {
                    // Every held-out negative is reported per source; the pool decides which ones set the threshold.
                    negatives.Add(postScores[i][h]);
                    sources.Add(ReportSource(readable[i]));
                    groups.Add(TrainingLabels.NegativeGroup(readable[i]));
                }
            }

            // Pooled by default: per-source limits on held-out slices of a hundred-odd rows cannot resolve 0.5% (one
            // row is 0.7%), so the budget is pooled and each source's rate is reported.
            var calibration = Calibrate(pool, positives, negatives, sources);
            if (h == 0)
            {
                poolComparison = Pools.Select(p => ComparePool(p, readable, heldOut, postScores, negatives, sources, positives)).ToList();
                foreach (var line in poolComparison)
                {
                    Console.WriteLine(JsonSerializer.Serialize(line));
                }
            }

            foreach (var group in groups.Distinct().Order(StringComparer.Ordinal))
            {
                var members = negatives.Where((_, k) => groups[k] == group).ToList();
                var over = members.Count(v => v >= calibration.Threshold);
                if (over > 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group}: {over}/{members.Count} held-out negatives at or above the threshold"));
                }
            }

            thresholds[h] = calibration.Threshold;
            calibrations.Add(new
            {
                label = TrainingLabels.Heads[h],
                threshold = calibration.Threshold,
                heldOutPositives = positives.Count,
                heldOutNegatives = negatives.Count,
                heldOutNegativesInPool = negatives.Where((_, k) => InPool(pool, sources[k])).Count(),
                heldOutRecall = Math.Round(calibration.Recall, 4),
                heldOutFalsePositiveRate = Math.Round(calibration.FalsePositiveRate, 4),
                heldOutRocAuc = Math.Round(RankingMetrics.RocAuc([.. positives, .. negatives], [.. positives.Select(_ => true), .. negatives.Select(_ => false)]), 4),
                bindingGroup = calibration.BindingGroup,
            });
            Console.WriteLine($"{TrainingLabels.Heads[h]}: threshold {calibration.Threshold:0.0000}, held-out recall {calibration.Recall:0.000}, FPR {calibration.FalsePositiveRate:0.0000}");
        }

        return (thresholds, calibrations, poolComparison);
    }
}
