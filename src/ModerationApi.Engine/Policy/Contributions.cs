using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// The signals that support one label, each with a strength. The score is a noisy-or over distinct rule terms, so
/// repeating a name a thousand times counts once.
/// </summary>
internal sealed class Contributions
{
    private readonly Dictionary<(int, int, SignalKind), int> _index = [];
    private readonly Dictionary<string, double> _strengthByTerm = new(StringComparer.Ordinal);

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

        var term = signal.RuleId + "\u0000" + signal.Detail;
        _strengthByTerm[term] = Math.Max(strength, _strengthByTerm.GetValueOrDefault(term));
    }
}
