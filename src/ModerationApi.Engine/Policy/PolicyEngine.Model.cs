using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>The model's scores against the rules': the larger wins, but the model alone reviews and never blocks.</summary>
internal sealed partial class PolicyEngine
{
    // extremist: a rule signal names an extremist brand, beneficiary or appeal, or an address is asked for beside an
    // implied cause; impliedCause: a rule signal says the money is for an implied extremist cause.
    private void ApplyModel(ModelScores model, SignalView s, CompiledRules rules, Dictionary<string, double> scores, List<EvidenceItem> evidence, bool extremist, bool impliedCause)
    {
        // The financing head cannot tell who the money is for: on its own it also fires on open-source and charity
        // crypto appeals. It counts fully only when something says the cause is extremist (a rule signal, an implied
        // cause, or the propaganda head); otherwise it is halved, which keeps it below review. Anonymity alone
        // ("Monero only", "donate anonymously") does not corroborate: privacy projects promise it too, and the head
        // scores some of their pages 0.9.
        var corroborated = extremist || impliedCause || model.Scores.GetValueOrDefault(Labels.ExtremistPropaganda) >= ModelCorroboration;

        // With no extremist signal at all, a post framed as reporting, research, counter-speech, remembrance after an
        // attack or ordinary religious practice is lowered like lexicon evidence is: the heads confuse talking about
        // extremism and its victims, and Muslim religious vocabulary, with promoting it.
        var framed = !extremist && (s.Reporting.Count > 0 || s.Of(SignalKind.ReligiousLife).Count > 0 || s.Of(SignalKind.Remembrance).Count > 0);
        var modelDamping = framed ? rules.ReportingDamping : 1.0;
        foreach (var (label, raw) in model.Scores)
        {
            var modelScore = (label == Labels.TerroristFinancing && !corroborated ? raw * UncorroboratedFinancing : raw) * modelDamping;

            // The model alone reviews, it does not block: blocking needs a rule to agree on the label.
            if (scores.TryGetValue(label, out var ruleScore) && ruleScore < Options.For(label).Low)
            {
                modelScore = Math.Min(modelScore, ModelAloneCeiling(Options.For(label)));
            }

            if (scores.TryGetValue(label, out var current) && modelScore > current)
            {
                scores[label] = modelScore;
            }
        }

        foreach (var window in model.Windows)
        {
            evidence.Add(new EvidenceItem(window.Label, EvidenceSource.Model, $"model.{window.Label}", window.Start, window.End,
                $"window score {window.Score:0.000}", Score: window.Score));
        }
    }
}
