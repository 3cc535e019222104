namespace ModerationApi.Cli.Compare;

/// <summary>
/// Compares a later run's verdicts, one at a time, with an earlier run's: counts per transition (allow → block, ...),
/// and within each transition the causes, grouped by the rule ids (and <c>model.{label}</c> evidence) that appeared
/// or disappeared, with a sample of post ids. Memory beyond <see cref="PreviousVerdicts"/> is bounded by the number
/// of distinct causes, not posts.
/// </summary>
internal sealed class VerdictChanges(PreviousVerdicts before, int samplesPerTransition)
{
    public PreviousVerdicts Before { get; } = before;

    /// <summary>Verdicts read from the later run.</summary>
    public long AfterCount { get; private set; }

    /// <summary>Posts in both runs.</summary>
    public long Compared { get; private set; }

    /// <summary>Posts of the later run the earlier one did not have.</summary>
    public long OnlyAfter { get; private set; }

    /// <summary>Posts in both runs whose action changed.</summary>
    public long Changed { get; private set; }

    /// <summary>Posts in both runs with the same action whose evidence rule ids changed.</summary>
    public long SameActionNewCauses { get; private set; }

    /// <summary>Posts per (rules version, model version) of the later run.</summary>
    public Dictionary<(string Rules, string Model), long> AfterVersions { get; } = [];

    /// <summary>Changes by transition, keyed <c>(from, to)</c>.</summary>
    public Dictionary<(string From, string To), Transition> Transitions { get; } = [];

    public void Add(VerdictFacts after)
    {
        AfterCount++;
        var versions = (after.RulesVersion, after.ModelVersion);
        AfterVersions[versions] = AfterVersions.GetValueOrDefault(versions) + 1;
        if (!Before.TryTake(after.Id, out var action, out var causes))
        {
            OnlyAfter++;
            return;
        }

        Compared++;
        if (string.Equals(action, after.Action, StringComparison.Ordinal))
        {
            if (!causes.SequenceEqual(after.Causes, StringComparer.Ordinal))
            {
                SameActionNewCauses++;
            }

            return;
        }

        Changed++;
        var key = (action, after.Action);
        if (!Transitions.TryGetValue(key, out var transition))
        {
            Transitions[key] = transition = new Transition();
        }

        var appeared = after.Causes.Except(causes, StringComparer.Ordinal).ToArray();
        var disappeared = causes.Except(after.Causes, StringComparer.Ordinal).ToArray();
        transition.Add(new Cause(string.Join(' ', appeared), string.Join(' ', disappeared)), after.Id, samplesPerTransition);
    }

    /// <summary>One transition's posts, causes and sample ids.</summary>
    internal sealed class Transition
    {
        public long Count { get; private set; }

        public Dictionary<Cause, long> Causes { get; } = [];

        public List<string> Samples { get; } = [];

        public void Add(Cause cause, string id, int samples)
        {
            Count++;
            Causes[cause] = Causes.GetValueOrDefault(cause) + 1;
            if (Samples.Count < samples)
            {
                Samples.Add(id);
            }
        }
    }

    /// <summary>Rule ids (space-separated, sorted) that appeared in the later verdict and that disappeared from it.</summary>
    internal readonly record struct Cause(string Appeared, string Disappeared);
}
