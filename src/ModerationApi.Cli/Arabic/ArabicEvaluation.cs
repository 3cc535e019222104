using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using static ModerationApi.Cli.EvaluateCommand;

namespace ModerationApi.Cli.Arabic;

/// <summary>The Arabic section of EVAL.md: the ISIS set's agreement beside GPT-4o's, and Arabic false positives.</summary>
internal static partial class ArabicEvaluation
{
    public const string Isis = "arabic_isis_tweets";

    /// <summary>The Arabic evaluation files.</summary>
    public static IReadOnlyList<string> Files { get; } = [Isis, "arabic_everyday_tweets", "arabic_news"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The text without its hashtags (each <c>#tag</c> token removed whole).</summary>
    public static string StripHashtags(string text) => Hashtag().Replace(text, string.Empty);

    public static void Write(StringBuilder md, StringBuilder summary, List<Scored> results, List<Scored> stripped, List<(Scored Routed, Verdict Unrouted)> routingChanged, int routingExamined, IReadOnlyDictionary<string, int> routingReasons)
    {
        WriteRouting(md, summary, routingChanged, routingExamined, routingReasons);
        var isis = results.Where(r => r.Row.Source == Isis).ToList();
        if (isis.Count == 0)
        {
            return;
        }

        var gptAgree = isis.Count(r => r.Row.Extra.TryGetValue("zero_shot_gpt4o", out var g) && (g == "ISIS") == IsPositive(r));
        md.AppendLine("## Arabic").AppendLine();
        md.AppendLine("Arabic posts are read by the Arabic model (`models/arabic`, hashed word and character n-grams, see models/README.md) and the Arabic rule lexicons; "
            + "\"flagged\" is the full pipeline's action, as for English. The published zero-shot GPT-4o predictions on the same rows are in the eval file. "
            + "The same rows are then run with every hashtag removed, because `#الدولة_الإسلامية` and similar tags mark many positives of this set.").AppendLine();
        md.AppendLine("| set | rows | agreement with gold | recall | false positives | hashtags stripped: agreement | recall | false positives |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var isisStripped = stripped.Where(r => r.Row.Source == Isis).ToList();
        md.AppendLine(Inv, $"| Arabic pro-ISIS / other tweets (eval) | {isis.Count} | **{Agree(isis)} of {isis.Count}** ({Agree(isis) / (double)isis.Count:P1}) | {Recall(isis):P1} | {Fpr(isis):P1} | {Agree(isisStripped)} of {isisStripped.Count} | {Recall(isisStripped):P1} | {Fpr(isisStripped):P1} |");
        md.AppendLine(Inv, $"| same rows, zero-shot GPT-4o (published) | {isis.Count} | {gptAgree} of {isis.Count} ({gptAgree / (double)isis.Count:P1}) | | | | | |");
        foreach (var name in Files.Skip(1))
        {
            var rows = results.Where(r => r.Row.Source == name).ToList();
            var strippedRows = stripped.Where(r => r.Row.Source == name).ToList();
            if (rows.Count > 0)
            {
                md.AppendLine(Inv, $"| {name} (target <= 1 %) | {rows.Count} | | | {Count(rows)} ({Fpr(rows):P2}) | | | {Count(strippedRows)} ({Fpr(strippedRows):P2}) |");
                summary.AppendLine(Inv, $"{name} false positives {Count(rows)}/{rows.Count} ({Fpr(rows):P2})");
            }
        }

        var modelOnly = isis.Count(r => r.Verdict.Evidence.Any(e => e.Source == EvidenceSource.Model));
        md.AppendLine();
        md.AppendLine(Inv, $"Of the {isis.Count} ISIS-set rows, {modelOnly} carry model evidence (a window at or above the Arabic model's threshold). ");
        md.AppendLine("Caution: train and eval of this set come from one 2015 collection, split by near-duplicate cluster; the everyday tweets (2019) and news (2022) come from other years and sources, so their false-positive rates also measure how far the model leans on time and source.").AppendLine();
        summary.AppendLine(Inv, $"Arabic agreement {Agree(isis)}/{isis.Count} (hashtags stripped {Agree(isisStripped)}/{isisStripped.Count}; GPT-4o {gptAgree}/{isis.Count})");
    }

    private static void WriteRouting(StringBuilder md, StringBuilder summary, List<(Scored Routed, Verdict Unrouted)> changed, int others, IReadOnlyDictionary<string, int> reasons)
    {
        if (others == 0)
        {
            return;
        }

        var verdicts = changed.Count(c => c.Routed.Flagged != (c.Unrouted.Action != ModerationAction.Allow));
        var flaggedNow = changed.Count(c => c.Routed.Flagged && c.Unrouted.Action == ModerationAction.Allow);
        md.AppendLine("## Language routing outside Arabic").AppendLine();
        md.AppendLine(Inv, $"Of the {others} rows of the other eval files, the English model reads {others - changed.Count} exactly as before routing (the whole post). ");
        md.AppendLine(Inv, $"For the other {changed.Count} (Arabic or other-script letters, invisible characters or symbol floods cut out, or no English words at all) the verdicts were also computed without routing: {verdicts} differ ({flaggedNow} flagged only with routing, {verdicts - flaggedNow} only without). ");
        foreach (var group in changed.GroupBy(c => c.Routed.Row.Source).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var gained = group.Count(c => c.Routed.Flagged && c.Unrouted.Action == ModerationAction.Allow);
            var lost = group.Count(c => !c.Routed.Flagged && c.Unrouted.Action != ModerationAction.Allow);
            var labels = string.Join(", ", group.GroupBy(c => c.Routed.Row.Label).Select(l => $"{l.Key} {l.Count()}"));
            md.Append(Inv, $"{group.Key} ({labels}): {group.Count()} rows, {gained} flagged only with routing, {lost} only without; ");
        }

        md.AppendLine().AppendLine();
        md.AppendLine("Why those rows are read differently: " + string.Join("; ", reasons.Select(r => string.Create(Inv, $"{r.Key}: {r.Value}"))) + ".").AppendLine();
        summary.AppendLine(Inv, $"routing: {changed.Count} of {others} non-Arabic eval rows read differently, {verdicts} verdicts differ");
    }

    private static bool IsPositive(Scored r) => r.Row.Label == "pro_isis_account";

    private static int Agree(List<Scored> rows) => rows.Count(r => r.Flagged == IsPositive(r));

    private static int Count(List<Scored> rows) => rows.Count(r => r.Flagged);

    private static double Recall(List<Scored> rows) => Rate(rows.Where(IsPositive).ToList());

    private static double Fpr(List<Scored> rows) => Rate(rows.Where(r => !IsPositive(r)).ToList());

    private static double Rate(List<Scored> rows) => rows.Count == 0 ? 0 : rows.Count(r => r.Flagged) / (double)rows.Count;

    [GeneratedRegex(@"(?<!\S)[#＃]\S+")]
    private static partial Regex Hashtag();
}
