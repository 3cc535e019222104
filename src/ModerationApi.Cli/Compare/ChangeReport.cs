using System.Globalization;
using System.Text;

namespace ModerationApi.Cli.Compare;

/// <summary>
/// The Markdown report of a retroactive rescan: totals, counts per transition, causes per transition with the rules
/// and model versions, and sample post ids. It holds no post text, only ids, rule ids and versions.
/// </summary>
internal static class ChangeReport
{
    /// <summary>Causes listed per transition; the rest are summed on one line.</summary>
    public const int CausesShown = 10;

    private static readonly string[] ActionOrder = ["allow", "review", "block"];

    public static string Format(VerdictChanges changes, string beforeName, string afterName)
    {
        var inv = CultureInfo.InvariantCulture;
        var before = changes.Before;
        var sb = new StringBuilder();
        sb.AppendLine("# Verdict changes");
        sb.AppendLine();
        sb.AppendLine(inv, $"- before: `{beforeName}`: {before.Count:N0} verdicts; {Versions(before.Versions)}");
        sb.AppendLine(inv, $"- after: `{afterName}`: {changes.AfterCount:N0} verdicts; {Versions(changes.AfterVersions)}");
        if (before.RepeatedIds > 0)
        {
            sb.AppendLine(inv, $"- {before.RepeatedIds:N0} ids repeated in the earlier run (the last verdict of each was compared)");
        }

        sb.AppendLine();
        var (afterRules, afterModel) = Dominant(changes.AfterVersions);
        var (beforeRules, beforeModel) = Dominant(before.Versions);
        var share = changes.Compared > 0 ? (double)changes.Changed / changes.Compared : 0;
        sb.AppendLine(inv, $"**{changes.Changed:N0} verdicts changed** of {changes.Compared:N0} posts in both runs ({share:0.0%}); " +
            $"{changes.OnlyAfter:N0} posts only in the later run, {before.Unseen:N0} only in the earlier one; " +
            $"{changes.SameActionNewCauses:N0} kept their action with different evidence.");
        sb.AppendLine();
        if (changes.Changed == 0)
        {
            return sb.ToString();
        }

        var transitions = changes.Transitions
            .OrderByDescending(t => t.Value.Count)
            .ThenBy(t => Rank(t.Key.From)).ThenBy(t => Rank(t.Key.To))
            .ToList();
        sb.AppendLine("| transition | posts |");
        sb.AppendLine("|---|---:|");
        foreach (var ((from, to), transition) in transitions)
        {
            sb.AppendLine(inv, $"| {from} → {to} | {transition.Count:N0} |");
        }

        foreach (var ((from, to), transition) in transitions)
        {
            sb.AppendLine();
            sb.AppendLine(inv, $"## {from} → {to}: {transition.Count:N0}");
            sb.AppendLine();
            var causes = transition.Causes.OrderByDescending(c => c.Value)
                .ThenBy(c => c.Key.Appeared, StringComparer.Ordinal).ThenBy(c => c.Key.Disappeared, StringComparer.Ordinal).ToList();
            foreach (var (cause, count) in causes.Take(CausesShown))
            {
                sb.AppendLine(inv, $"- {count:N0} {from} → {to} {Describe(cause, beforeRules, beforeModel, afterRules, afterModel)}");
            }

            if (causes.Count > CausesShown)
            {
                sb.AppendLine(inv, $"- {causes.Skip(CausesShown).Sum(c => c.Value):N0} more, over {causes.Count - CausesShown:N0} other causes");
            }

            sb.AppendLine();
            sb.AppendLine(inv, $"Sample post ids: {string.Join(", ", transition.Samples.Select(id => $"`{id}`"))}");
        }

        return sb.ToString();
    }

    private static string Describe(VerdictChanges.Cause cause, string beforeRules, string beforeModel, string afterRules, string afterModel)
    {
        var parts = new List<string>();
        if (cause.Appeared.Length > 0)
        {
            parts.Add($"by {Evidence(cause.Appeared)} appearing ({VersionsOf(cause.Appeared, afterRules, afterModel)})");
        }

        if (cause.Disappeared.Length > 0)
        {
            parts.Add($"{(parts.Count == 0 ? "by " : string.Empty)}{Evidence(cause.Disappeared)} disappearing ({VersionsOf(cause.Disappeared, beforeRules, beforeModel)} before)");
        }

        return parts.Count > 0
            ? string.Join(" and ", parts)
            : $"with the same rule and model evidence (scores or thresholds moved: rules {beforeRules} → {afterRules}, model {beforeModel} → {afterModel})";
    }

    private static string Evidence(string ids)
    {
        var list = ids.Split(' ');
        var rules = list.Where(i => !IsModel(i)).Select(i => $"`{i}`").ToList();
        var model = list.Where(IsModel).Select(i => $"`{i}`").ToList();
        var parts = new List<string>();
        if (rules.Count > 0)
        {
            parts.Add($"rule{(rules.Count > 1 ? "s" : string.Empty)} {string.Join(", ", rules)}");
        }

        if (model.Count > 0)
        {
            parts.Add($"model evidence {string.Join(", ", model)}");
        }

        return string.Join(" and ", parts);
    }

    private static string VersionsOf(string ids, string rules, string model)
    {
        var list = ids.Split(' ');
        var parts = new List<string>();
        if (list.Any(i => !IsModel(i)))
        {
            parts.Add($"rules version {rules}");
        }

        if (list.Any(IsModel))
        {
            parts.Add($"model {model}");
        }

        return string.Join(", ", parts);
    }

    private static bool IsModel(string id) => id.StartsWith("model.", StringComparison.Ordinal);

    private static string Versions(Dictionary<(string Rules, string Model), long> versions) =>
        versions.Count == 0 ? "no verdicts"
        : string.Join("; ", versions.OrderByDescending(v => v.Value).Select(v =>
            string.Create(CultureInfo.InvariantCulture, $"rules {v.Key.Rules}, model {v.Key.Model}{(versions.Count > 1 ? $" ({v.Value:N0} verdicts)" : string.Empty)}")));

    private static (string Rules, string Model) Dominant(Dictionary<(string Rules, string Model), long> versions) =>
        versions.Count == 0 ? ("?", "?") : versions.MaxBy(v => v.Value).Key;

    private static int Rank(string action) => Array.IndexOf(ActionOrder, action) is var i and >= 0 ? i : ActionOrder.Length;
}
