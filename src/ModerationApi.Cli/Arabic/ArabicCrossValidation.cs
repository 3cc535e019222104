using System.Globalization;
using System.Text;
using ModerationApi.Engine.Policy;
using ModerationApi.Training;

namespace ModerationApi.Cli.Arabic;

/// <summary>
/// Thresholds and held-out metrics from out-of-fold scores of train. Propaganda: the threshold that agrees most with
/// the ISIS set's labels while Arabic everyday tweets and news stay within the false-positive budget. Financing: the
/// lowest threshold that keeps all Arabic negatives within the budget.
/// </summary>
internal sealed class ArabicCrossValidation
{
    private const string Isis = "arabic_isis_tweets";
    private const string Everyday = "arabic_everyday_tweets";
    private const string News = "arabic_news";

    public ArabicCrossValidation(
        IReadOnlyList<LabelledPost> posts,
        IReadOnlyDictionary<LabelledPost, (float Propaganda, float Stripped, float Financing)> scores,
        double budget)
    {
        var isis = posts.Where(p => p.Source == Isis).ToList();
        var controls = posts.Where(p => p.Source is Everyday or News).Select(p => scores[p].Propaganda).Order().ToArray();
        var allowed = (int)Math.Floor(budget * controls.Length);

        // Candidates: every ISIS score; a threshold t flags scores >= t.
        var best = (Agree: -1, Threshold: 1f);
        foreach (var t in isis.Select(p => scores[p].Propaganda).Distinct().Order())
        {
            var over = controls.Length - LowerBound(controls, t);
            if (over > allowed)
            {
                continue;
            }

            var agree = isis.Count(p => (scores[p].Propaganda >= t) == IsPositive(p));
            if (agree > best.Agree)
            {
                best = (agree, t);
            }
        }

        PropagandaThreshold = best.Threshold;

        var negatives = posts.Where(p => p.Label is "benign" or "news").Select(p => scores[p].Financing).Order().ToArray();
        var cut = negatives.Length - 1 - (int)Math.Floor(budget * negatives.Length);
        FinancingThreshold = Math.Min(1f, MathF.BitIncrement(negatives[Math.Max(0, cut)]));

        Metrics = BuildMetrics(posts, scores);
    }

    public float PropagandaThreshold { get; }

    public float FinancingThreshold { get; }

    public Dictionary<string, object> Metrics { get; }

    public string Summary
    {
        get
        {
            var sb = new StringBuilder();
            foreach (var (key, value) in Metrics)
            {
                sb.Append(CultureInfo.InvariantCulture, $"  {key}: {value}\n");
            }

            return sb.ToString();
        }
    }

    private Dictionary<string, object> BuildMetrics(
        IReadOnlyList<LabelledPost> posts,
        IReadOnlyDictionary<LabelledPost, (float Propaganda, float Stripped, float Financing)> scores)
    {
        var m = new Dictionary<string, object>(StringComparer.Ordinal);
        var isis = posts.Where(p => p.Source == Isis).ToList();
        var positives = isis.Where(IsPositive).ToList();
        var negatives = isis.Where(p => !IsPositive(p)).ToList();
        m["propagandaThreshold"] = Round(PropagandaThreshold);
        m["isisAgreement"] = $"{isis.Count(p => (scores[p].Propaganda >= PropagandaThreshold) == IsPositive(p))} of {isis.Count}";
        m["isisAgreementHashtagsStripped"] = $"{isis.Count(p => (scores[p].Stripped >= PropagandaThreshold) == IsPositive(p))} of {isis.Count}";
        m["isisRecall"] = Round(positives.Count(p => scores[p].Propaganda >= PropagandaThreshold) / (double)positives.Count);
        m["isisFalsePositiveRate"] = Round(negatives.Count(p => scores[p].Propaganda >= PropagandaThreshold) / (double)negatives.Count);
        bool[] truth = [.. isis.Select(IsPositive)];
        m["isisRocAuc"] = Round(RankingMetrics.RocAuc([.. isis.Select(p => scores[p].Propaganda)], truth));
        m["isisRocAucHashtagsStripped"] = Round(RankingMetrics.RocAuc([.. isis.Select(p => scores[p].Stripped)], truth));
        foreach (var group in posts.Where(p => p.Source != Isis).GroupBy(p => $"{p.Source}/{p.Label}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var positive = group.First().Label is Labels.ExtremistPropaganda;
            var flagged = list.Count(p => scores[p].Propaganda >= PropagandaThreshold);
            m[$"propaganda {(positive ? "recall" : "flagged")} {group.Key}"] = $"{flagged} of {list.Count}";
        }

        m["financingThreshold"] = Round(FinancingThreshold);
        foreach (var group in posts.GroupBy(p => $"{p.Source}/{p.Label}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            m[$"financing flagged {group.Key}"] = $"{list.Count(p => scores[p].Financing >= FinancingThreshold)} of {list.Count}";
        }

        return m;
    }

    private static bool IsPositive(LabelledPost p) => p.Label == "pro_isis_account";

    private static double Round(double x) => Math.Round(x, 4);

    private static int LowerBound(float[] sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
