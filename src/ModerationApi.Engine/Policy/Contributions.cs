using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// The signals that support one label, each with a strength. The score is a noisy-or over distinct rule terms, so
/// repeating a name a thousand times counts once.
/// </summary>
internal sealed class Contributions
{
    private readonly Dictionary<(int, int, SignalKind), int> _index = [];
    // Keyed by the (rule id, detail) pair rather than a joined string: a post repeating a term thousands of times
    // would otherwise allocate a key per repetition and label.
    private readonly Dictionary<(string RuleId, string Detail), double> _strengthByTerm = [];

    private string? _lastRuleId;
    private string? _lastDetail;
    private double _lastStrength;

    public List<RuleSignal> Signals { get; } = [];

    public int Count => Signals.Count;

    public void AddAll(IEnumerable<RuleSignal> signals, double? strength = null)
    {
        foreach (var signal in signals)
        {
            Add(signal, strength ?? signal.Weight);
        }
    }

    public void Add(IEnumerable<RuleSignal> signals, double strength) => AddAll(signals, strength);

    public double NoisyOr()
    {
        var miss = 1.0;
        foreach (var strength in _strengthByTerm.Values)
        {
            miss *= 1 - strength;
        }

        return 1 - miss;
    }

    private void Add(RuleSignal signal, double strength)
    {
        if (_index.TryAdd((signal.Start, signal.End, signal.Kind), Signals.Count))
        {
            Signals.Add(signal);
        }

        // A post repeating one term yields a long run of signals sharing the same rule id and detail strings: while
        // the strength does not grow, the map already holds the answer and hashing both strings again is waste.
        if (ReferenceEquals(signal.RuleId, _lastRuleId) && ReferenceEquals(signal.Detail, _lastDetail) && strength <= _lastStrength)
        {
            return;
        }

        var term = (signal.RuleId, signal.Detail);
        var stored = Math.Max(strength, _strengthByTerm.GetValueOrDefault(term));
        _strengthByTerm[term] = stored;
        (_lastRuleId, _lastDetail, _lastStrength) = (signal.RuleId, signal.Detail, stored);
    }
}
