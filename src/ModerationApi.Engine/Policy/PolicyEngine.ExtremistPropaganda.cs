using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>extremist_propaganda: names, slogans, praise and race-only recruitment, lowered in reporting.</summary>
internal sealed partial class PolicyEngine
{
    private static LabelScore ScorePropaganda(SignalView s, double damping)
    {
        var propaganda = new Contributions();
        // Names are low evidence (news lists three groups in a sentence): however many a post names, they add the
        // strongest name's weight once, so names alone never reach review. Every name stays evidence (a term keeps its
        // largest strength, so the rest add 0).
        if (s.Entities.Count > 0)
        {
            var strongest = s.Entities.MaxBy(e => e.Weight)!;
            propaganda.Add(s.Entities, 0);
            propaganda.Add([strongest], strongest.Weight);
        }

        propaganda.AddAll(s.Of(SignalKind.Slogan));
        propaganda.AddAll(s.Of(SignalKind.Glorification));

        // A call to join that admits one race only is how cells and "active clubs" recruit; either half alone is
        // ordinary. It adds one strength however many of its phrases a post repeats, so alone it reviews.
        var recruitment = s.Of(SignalKind.Recruitment);
        if (recruitment.Count > 0)
        {
            var gatekeeping = s.Near(s.Of(SignalKind.Exclusion), recruitment);
            if (gatekeeping.Count > 0)
            {
                var calls = s.Near(recruitment, gatekeeping);
                propaganda.Add(calls.Take(1), RaceOnlyRecruitment);
                propaganda.Add(calls.Skip(1).Concat(gatekeeping), 0);
            }
        }

        return new LabelScore(propaganda.NoisyOr() * damping, propaganda.Signals);
    }

    /// <summary>A label's rule score and the signals that made it (reported as evidence when the score is positive).</summary>
    private readonly record struct LabelScore(double Score, List<RuleSignal> Signals);
}
