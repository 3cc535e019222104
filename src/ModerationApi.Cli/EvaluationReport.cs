using System.Globalization;
using System.Text;
using ModerationApi.Cli.Arabic;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Training;
using static ModerationApi.Cli.EvaluateCommand;

namespace ModerationApi.Cli;

/// <summary>Builds EVAL.md and the ROC plot from scored evaluation rows.</summary>
internal static class EvaluationReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Sources whose rows are positives for extremist_propaganda, with the label values that count.</summary>
    private static readonly (string Source, string Label, string Name)[] PositiveSets =
    [
        ("miws_extremist_quotes", "*", "MIWS extremist quotes (all)"),
        ("pro_isis_accounts", "pro_isis_account", "pro-ISIS account tweets (noisy, account-level)"),
        ("stormfront_sentences", "far_right_hate", "Stormfront hate sentences (not a target)"),
        ("multitarget_conan", "hate_speech", "Multitarget-CONAN hateful statements (not a target)"),
    ];

    /// <summary>Short metric names of the sources above, for the machine-readable summary and the before/after table.</summary>
    private static readonly Dictionary<string, string> MetricNames = new(StringComparer.Ordinal)
    {
        ["miws_extremist_quotes/*"] = "recall MIWS quotes",
        ["pro_isis_accounts/pro_isis_account"] = "recall pro-ISIS tweets (noisy)",
        ["stormfront_sentences/far_right_hate"] = "flagged Stormfront hate",
        ["multitarget_conan/hate_speech"] = "flagged CONAN hateful statements",
        ["news/news"] = "FPR news",
        ["news/news_terrorism"] = "FPR news about terrorism",
        ["charity_appeals/charity_appeal"] = "FPR charity appeals",
        ["general_tweets/benign"] = "FPR everyday tweets",
        ["multitarget_conan/counter_speech"] = "FPR CONAN counter-speech",
        ["stormfront_sentences/far_right_forum_nohate"] = "FPR Stormfront noHate",
        ["crypto_donation_pages/benign_crypto_donation"] = "FPR crypto donation pages",
    };

    /// <summary>Negative sources with their target false-positive rate (null: reported, no target).</summary>
    private static readonly (string Source, string Label, string Name, double? Target)[] NegativeSets =
    [
        ("news", "news", "AG News (other topics)", 0.005),
        ("news", "news_terrorism", "AG News about terrorism", 0.01),
        ("charity_appeals", "charity_appeal", "charity appeals (GoFundMe)", 0.01),
        ("general_tweets", "benign", "everyday tweets", 0.005),
        ("stormfront_sentences", "far_right_forum_nohate", "Stormfront noHate sentences", null),
        ("crypto_donation_pages", "benign_crypto_donation", "open-source crypto donation pages", null),
        ("multitarget_conan", "counter_speech", "Multitarget-CONAN counter-speech replies", 0.01),
    ];

    /// <summary>MIWS recall target per ideology.</summary>
    private const double IdeologyRecallTarget = 0.75;

    /// <summary>ROC-AUC target of MIWS quotes against all negative sources.</summary>
    private const double RocAucTarget = 0.98;

    /// <summary>
    /// The report, the ROC plot, a console summary and the headline metrics by name (recall, false-positive rates,
    /// ROC-AUC) for a later before/after comparison; <paramref name="before"/> adds that comparison.
    /// </summary>
    // Long on purpose: the report is written top to bottom in the order a reader sees it.
    public static (string Markdown, string Svg, string Summary, SortedDictionary<string, double> Metrics) Write(
        List<Scored> results, string modelVersion, string rulesVersion, HeadModel heads, List<Scored> stripped,
        List<(Scored Routed, Verdict Unrouted)> routingChanged, int routingExamined, IReadOnlyDictionary<string, int> routingReasons,
        EvaluationMetrics? before = null)
    {
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var md = new StringBuilder();
        var summary = new StringBuilder();
        md.AppendLine("# Evaluation report").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Model `{modelVersion}`, rules `{rulesVersion}`, default policy thresholds (review at 0.6, block at 0.85 per label). ");
        md.AppendLine("Written by `moderation evaluate` over `shared/data/eval/` (never used for training or threshold choice). ");
        md.AppendLine("\"Flagged\" means the full pipeline's action is `review` or `block` (rules + model + policy, exactly as the service runs).").AppendLine();
        var thresholds = string.Join(", ", heads.Labels.Select((l, i) => string.Create(Inv, $"`{l}` {heads.Thresholds[i]:0.0000}")));
        md.AppendLine(Inv, $"Head thresholds (probability, calibrated on the held-out fifth of train within false-positive budgets, per source or pooled as `models/heads/training.json` records; see models/README.md): {thresholds}.").AppendLine();

        md.AppendLine("## Recall on positive sources").AppendLine();
        md.AppendLine("| source | rows | flagged (recall) | propaganda flagged | financing flagged | target |");
        md.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var (source, label, name) in PositiveSets)
        {
            var rows = Select(results, source, label).Where(r => r.Row.Language != "ar").ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var recall = Rate(rows, r => r.Flagged);
            metrics[MetricNames[$"{source}/{label}"]] = recall;
            var target = source == "miws_extremist_quotes" ? (recall >= 0.85 ? ">= 0.85: met" : ">= 0.85: **missed**") : "-";
            md.AppendLine(Inv, $"| {name} (English) | {rows.Count} | {recall:P1} | {Rate(rows, r => r.Verdict.Labels[Labels.ExtremistPropaganda].Flagged):P1} | {Rate(rows, r => r.Verdict.Labels[Labels.TerroristFinancing].Flagged):P1} | {target} |");
            summary.AppendLine(Inv, $"recall {name}: {recall:P1}");
        }

        foreach (var ideology in new[] { "jihadist", "white_supremacist" })
        {
            var rows = Select(results, "miws_extremist_quotes", "*").Where(r => r.Row.Extra.GetValueOrDefault("ideology") == ideology).ToList();
            if (rows.Count > 0)
            {
                var recall = Rate(rows, r => r.Flagged);
                metrics[$"recall MIWS {ideology}"] = recall;
                var verdict = recall >= IdeologyRecallTarget ? $">= {IdeologyRecallTarget:P0}: met" : $">= {IdeologyRecallTarget:P0}: **missed**";
                md.AppendLine(Inv, $"| MIWS, {ideology} | {rows.Count} | {recall:P1} | | | {verdict} |");
            }
        }

        md.AppendLine().AppendLine("## False-positive rate on negative sources").AppendLine();
        md.AppendLine("| source | rows | flagged (FPR) | blocked | target |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var (source, label, name, target) in NegativeSets)
        {
            var rows = Select(results, source, label).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var fpr = Rate(rows, r => r.Flagged);
            metrics[MetricNames[$"{source}/{label}"]] = fpr;
            var verdict = target is { } t ? (fpr <= t ? $"<= {t:P1}: met" : $"<= {t:P1}: **missed**") : "-";
            md.AppendLine(Inv, $"| {name} | {rows.Count} | {fpr:P2} | {Rate(rows, r => r.Verdict.Action == ModerationAction.Block):P2} | {verdict} |");
            summary.AppendLine(Inv, $"FPR {name}: {fpr:P2}");
        }

        // Ranking quality of the final label score (rules and model combined).
        md.AppendLine().AppendLine("## Ranking quality (final `extremist_propaganda` score)").AppendLine();
        md.AppendLine("| positives | negatives | ROC-AUC | PR-AUC | target |");
        md.AppendLine("|---|---|---:|---:|---|");
        var allNegatives = NegativeSets.Where(n => n.Source != "crypto_donation_pages").SelectMany(n => Select(results, n.Source, n.Label)).ToList();
        var newsTerror = Select(results, "news", "news_terrorism").ToList();
        var miws = Select(results, "miws_extremist_quotes", "*").ToList();
        var isis = Select(results, "pro_isis_accounts", "pro_isis_account").Where(r => r.Row.Language != "ar").ToList();
        var curves = new List<(string Name, List<(double Fpr, double Tpr)> Points)>();
        foreach (var (posName, pos, negName, neg) in new[]
        {
            ("MIWS quotes", miws, "all negative sources", allNegatives),
            ("MIWS quotes", miws, "news about terrorism", newsTerror),
            ("pro-ISIS tweets (en)", isis, "all negative sources", allNegatives),
        })
        {
            var (roc, pr, points) = Ranking(pos, neg, Labels.ExtremistPropaganda);
            metrics[$"ROC-AUC {posName} vs {negName}"] = roc;
            var aucTarget = posName == "MIWS quotes" && neg == allNegatives ? (roc >= RocAucTarget ? $">= {RocAucTarget:0.00}: met" : $">= {RocAucTarget:0.00}: **missed**") : "-";
            md.AppendLine(Inv, $"| {posName} ({pos.Count}) | {negName} ({neg.Count}) | {roc:0.000} | {pr:0.000} | {aucTarget} |");
            curves.Add(($"{posName} vs {negName} (AUC {roc:0.000})", points));
        }

        md.AppendLine().AppendLine("`terrorist_financing`, `crypto_donation_request` and `isis_nft_reference`: the public eval files hold no positives for these labels, so no recall or AUC can be measured on them; their false-positive rates are inside the table above (any flag counts). Rule behaviour for them is covered by the unit tests' positives and hard negatives.").AppendLine();

        ArabicEvaluation.Write(md, summary, results, stripped, routingChanged, routingExamined, routingReasons);

        if (before is not null)
        {
            md.AppendLine("## Before and after").AppendLine();
            md.AppendLine(Inv, $"Before: `{before.ModelVersion}` (rules `{before.RulesVersion}`), evaluated by the same command on the same files. After: this report.").AppendLine();
            md.AppendLine("| measure | before | after |");
            md.AppendLine("|---|---:|---:|");
            foreach (var (name, after) in metrics)
            {
                var was = before.Metrics.TryGetValue(name, out var b) ? Format(name, b) : "-";
                md.AppendLine(Inv, $"| {name} | {was} | {Format(name, after)} |");
            }

            md.AppendLine();
        }

        md.AppendLine("## Plot").AppendLine().AppendLine("![ROC curves](eval-roc.svg)").AppendLine();
        return (md.ToString(), Svg(curves), summary.ToString(), metrics);
    }

    private static string Format(string metric, double value) =>
        metric.StartsWith("ROC-AUC", StringComparison.Ordinal) ? value.ToString("0.000", Inv) : value.ToString("P2", Inv);

    private static IEnumerable<Scored> Select(List<Scored> results, string source, string label) =>
        results.Where(r => r.Row.Source == source && (label == "*" || r.Row.Label == label));

    private static double Rate(List<Scored> rows, Func<Scored, bool> predicate) =>
        rows.Count == 0 ? 0 : rows.Count(predicate) / (double)rows.Count;

    private static (double Roc, double Pr, List<(double, double)> Points) Ranking(List<Scored> positives, List<Scored> negatives, string label)
    {
        var scores = positives.Concat(negatives).Select(r => (float)r.Score(label)).ToArray();
        var truth = positives.Select(_ => true).Concat(negatives.Select(_ => false)).ToArray();
        var roc = RankingMetrics.RocAuc(scores, truth);
        var pr = RankingMetrics.AveragePrecision(scores, truth);
        var points = new List<(double, double)> { (0, 0) };
        var order = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ToArray();
        double tp = 0, fp = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (truth[order[k]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (k == order.Length - 1 || scores[order[k + 1]] != scores[order[k]])
            {
                points.Add((fp / Math.Max(1, negatives.Count), tp / Math.Max(1, positives.Count)));
            }
        }

        return (roc, pr, points);
    }

    private static string Svg(List<(string Name, List<(double Fpr, double Tpr)> Points)> curves)
    {
        string[] colours = ["#1f77b4", "#d62728", "#2ca02c"];
        var sb = new StringBuilder();
        sb.AppendLine("""<svg xmlns="http://www.w3.org/2000/svg" width="520" height="460" font-family="sans-serif" font-size="12">""");
        sb.AppendLine("""<rect width="520" height="460" fill="white"/><g transform="translate(60,20)">""");
        sb.AppendLine("""<rect width="400" height="360" fill="none" stroke="#333"/><line x1="0" y1="360" x2="400" y2="0" stroke="#bbb" stroke-dasharray="4"/>""");
        for (var t = 0; t <= 10; t += 2)
        {
            sb.AppendLine(Inv, $"""<text x="{t * 40}" y="378" text-anchor="middle">{t / 10.0:0.0}</text><text x="-8" y="{364 - (t * 36)}" text-anchor="end">{t / 10.0:0.0}</text>""");
        }

        sb.AppendLine("""<text x="200" y="400" text-anchor="middle">false-positive rate</text><text transform="translate(-40,180) rotate(-90)" text-anchor="middle">recall</text>""");
        for (var c = 0; c < curves.Count; c++)
        {
            var path = string.Join(' ', curves[c].Points.Select((p, i) => string.Create(Inv, $"{(i == 0 ? 'M' : 'L')}{p.Fpr * 400:0.#},{360 - (p.Tpr * 360):0.#}")));
            sb.AppendLine(Inv, $"""<path d="{path}" fill="none" stroke="{colours[c % colours.Length]}" stroke-width="2"/>""");
            sb.AppendLine(Inv, $"""<text x="10" y="{420 + (c * 14) - 380}" fill="{colours[c % colours.Length]}">{System.Security.SecurityElement.Escape(curves[c].Name)}</text>""");
        }

        sb.AppendLine("</g></svg>");
        return sb.ToString();
    }
}
