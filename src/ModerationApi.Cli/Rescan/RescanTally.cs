using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// Running totals of a rescan: posts per action, posts flagged per label, posts in which each rule fired, malformed
/// lines. Kept in the checkpoint so a resumed run ends with the same summary as an uninterrupted one. Its size is
/// bounded by the number of rules, not by the archive.
/// </summary>
internal sealed class RescanTally
{
    public long Posts { get; set; }

    public long Errors { get; set; }

    public Dictionary<string, long> Actions { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> FlaggedLabels { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Rules { get; set; } = new(StringComparer.Ordinal);

    public void Add(Verdict verdict)
    {
        Posts++;
        Increment(Actions, ActionName(verdict.Action));
        foreach (var (label, result) in verdict.Labels)
        {
            if (result.Flagged)
            {
                Increment(FlaggedLabels, label);
            }
        }

        // A rule counts once per post however many spans it matched: "fired in how many posts" is what ranks rules.
        foreach (var ruleId in verdict.Evidence.Where(e => e.Source == EvidenceSource.Rule).Select(e => e.RuleId).Distinct(StringComparer.Ordinal))
        {
            Increment(Rules, ruleId);
        }
    }

    public long Count(ModerationAction action) => Actions.GetValueOrDefault(ActionName(action));

    /// <summary>The rules that fired in most posts; ties in rule id order so the summary is stable.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> TopRules(int count) =>
        Rules.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(count).ToList();

    public static string ActionName(ModerationAction action) => action switch
    {
        ModerationAction.Allow => "allow",
        ModerationAction.Review => "review",
        ModerationAction.Block => "block",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;
}
