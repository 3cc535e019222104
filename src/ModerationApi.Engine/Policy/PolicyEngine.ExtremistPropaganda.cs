using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>extremist_propaganda: names, slogans and praise, lowered in reporting.</summary>
internal sealed partial class PolicyEngine
{
    private static LabelScore ScorePropaganda(SignalView s, double damping)
    {
        var propaganda = new Contributions();
        propaganda.AddAll(s.Entities);
        propaganda.AddAll(s.Of(SignalKind.Slogan));
        propaganda.AddAll(s.Of(SignalKind.Glorification));
        return new LabelScore(propaganda.NoisyOr() * damping, propaganda.Signals);
    }

    /// <summary>A label's rule score and the signals that made it (reported as evidence when the score is positive).</summary>
    private readonly record struct LabelScore(double Score, List<RuleSignal> Signals);
}
