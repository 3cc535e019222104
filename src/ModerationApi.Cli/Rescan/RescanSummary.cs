using System.Globalization;
using System.Text;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The end-of-run summary: totals per action and per flagged label, the rules that fired in most posts, malformed
/// lines. Built from the checkpointed totals only, so a resumed run prints exactly what an uninterrupted one would.
/// </summary>
internal static class RescanSummary
{
    public const int TopRuleCount = 10;

    public static string Format(RescanTally tally, string output, string errors)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"rescan complete: {tally.Posts:N0} posts -> {output}");
        var actions = Enum.GetValues<ModerationAction>().Select(a => string.Create(inv, $"{RescanTally.ActionName(a)} {tally.Count(a):N0}"));
        sb.AppendLine(inv, $"  actions: {string.Join(", ", actions)}");
        var labels = Labels.All.Select(l => string.Create(inv, $"{l} {tally.FlaggedLabels.GetValueOrDefault(l):N0}"));
        sb.AppendLine(inv, $"  flagged by label: {string.Join(", ", labels)}");
        var rules = tally.TopRules(TopRuleCount).Select(r => string.Create(inv, $"{r.Key} {r.Value:N0}")).ToList();
        sb.AppendLine(inv, $"  top rules (posts): {(rules.Count == 0 ? "none fired" : string.Join(", ", rules))}");
        sb.AppendLine(inv, $"  malformed lines: {tally.Errors:N0}{(tally.Errors > 0 ? $" (see {errors})" : string.Empty)}");
        return sb.ToString();
    }
}
