using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>The model's scores against the rules': the larger wins, but the model alone reviews and never blocks.</summary>
internal sealed partial class PolicyEngine
{
    // The ways covert appeals ask: see IsCertainFinancing.
    private static readonly SignalKind[] AskedCovertly =
        [SignalKind.Address, SignalKind.MoneroUri, SignalKind.Coin, SignalKind.Pointer, SignalKind.Anonymity, SignalKind.ImpliedBeneficiary, SignalKind.ImpliedAppeal];

    // extremist: a rule signal names an extremist brand, beneficiary or appeal, or an address is asked for beside an
    // implied cause; impliedCause: a rule signal says the money is for an implied extremist cause.
    private void ApplyModel(ModelScores model, SignalView s, CompiledRules rules, Dictionary<string, double> scores, List<EvidenceItem> evidence, bool extremist, bool impliedCause)
    {
        // The financing head cannot tell who the money is for: on its own it also fires on open-source and charity
        // crypto appeals. It counts fully only when something says the cause is extremist (a rule signal, an implied
        // cause, or the propaganda head); otherwise it is halved, which keeps it below review. Anonymity alone
        // ("Monero only", "donate anonymously") does not corroborate: privacy projects promise it too, and the head
        // scores some of their pages 0.9.
        // A named charity or aid ("registered charity", "food parcels", a regiment's benevolent fund) is who the money is
        // for: then only a rule signal corroborates.
        var humanitarian = s.Of(SignalKind.Humanitarian).Count > 0;
        var corroborated = extremist || impliedCause || (!humanitarian && model.Scores.GetValueOrDefault(Labels.ExtremistPropaganda) >= ModelCorroboration);

        // With no extremist signal at all, a post framed as reporting, research, counter-speech, remembrance after an
        // attack or ordinary religious practice is lowered like lexicon evidence is: the heads confuse talking about
        // extremism and its victims, and Muslim religious vocabulary, with promoting it. Words that corroborate a
        // near-threshold propaganda score stand down before any such cue, even beside a named group or beneficiary:
        // naming al-Qaeda is what reports and histories do.
        var cued = s.Reporting.Count > 0 || s.Of(SignalKind.ReligiousLife).Count > 0 || s.Of(SignalKind.Remembrance).Count > 0;
        var framed = !extremist && cued;

        // Slogans and names a report quotes still keep the propaganda head from being lowered, as they did unquoted: the
        // rules no longer score them, so a supporter who adds "police say" to his quoted slogans is left to the head,
        // which reviews at most. Quoted appeal words do lower the financing head: a report on appeals reads like one.
        var quotedPropaganda = s.Mentions.Any(m => PropagandaKinds.Contains(m.Kind));
        foreach (var (label, raw) in model.Scores)
        {
            var uncorroborated = label == Labels.TerroristFinancing && !corroborated;
            var modelDamping = framed && !(quotedPropaganda && label == Labels.ExtremistPropaganda) ? rules.ReportingDamping : 1.0;
            var modelScore = (uncorroborated && !IsCertainFinancing(raw, humanitarian, s) ? raw * UncorroboratedFinancing : raw) * modelDamping;
            if (label == Labels.ExtremistPropaganda && raw >= NearThresholdPropaganda && !cued
                && Options.For(label).ReviewAt is { } reviewAt && modelScore < reviewAt && Corroborating(s) is { Count: > 0 } words)
            {
                modelScore = reviewAt;
                foreach (var signal in words.Take(MaxEvidencePerLabel))
                {
                    var why = signal.Kind switch
                    {
                        SignalKind.Dehumanisation => "casts people as vermin or disease",
                        SignalKind.Jargon => "a movement's own word for its enemies or people",
                        _ => "attackers made saints beside victims kept as a score",
                    };
                    evidence.Add(new EvidenceItem(label, EvidenceSource.Rule, signal.RuleId, signal.Start, signal.End,
                        $"{signal.Detail}: {why} beside a propaganda score of {raw:0.00}", signal.Transforms));
                }
            }

            // The model alone reviews, it does not block: blocking needs a rule to agree on the label (and on the cause,
            // for financing).
            if (uncorroborated || (scores.TryGetValue(label, out var ruleScore) && ruleScore < Options.For(label).Low))
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

    // The propaganda head's threshold is set where almost no negative of any source passes it, so supporter posts
    // without a listed slogan sit just under it (0.5–0.6 on the policy scale). Three kinds of words beside such a score
    // review, unquoted (quoted, they are someone else's: "Nazi propaganda called them 'vermin'"): dehumanising words; a
    // movement's narrow jargon ("race traitors", "the rafidah", slurs); and a saint beside score-keeping ("saints
    // calendar … highest scorers"), a pair because either half alone is church, sport or games. On the training-side
    // negatives no post with dehumanising words scored over 0.40; a second reader's probes cut a wider jargon list
    // ("saints", "the kuffar", "crusaders", "mujahideen", "remigration") that sent sermons, histories and match-day
    // posts in this band to review.
    private static List<RuleSignal> Corroborating(SignalView s)
    {
        List<RuleSignal> words = [.. s.Of(SignalKind.Dehumanisation).Where(d => !d.Quoted), .. s.Of(SignalKind.Jargon).Where(j => !j.Quoted)];
        var saints = s.Of(SignalKind.Sainthood).Where(x => !x.Quoted).ToList();
        var scores = s.Of(SignalKind.ScoreKeeping).Where(x => !x.Quoted).ToList();
        if (saints.Count > 0 && scores.Count > 0 && s.Near(saints, scores) is { Count: > 0 } canonised)
        {
            words.AddRange(canonised);
            words.AddRange(s.Near(scores, canonised));
        }

        return words;
    }

    /// <summary>
    /// Whether a signal counts only beside the model's scores (dehumanising words, jargon, saints, the ways a covert appeal asks), so a
    /// rules-only assessment shows nothing of it and the encoder screen must not clear its post.
    /// </summary>
    public static bool WaitsForModel(RuleSignal signal) =>
        signal.Kind is SignalKind.Dehumanisation or SignalKind.Jargon or SignalKind.Sainthood || Array.IndexOf(AskedCovertly, signal.Kind) >= 0;

    // Near certainty from the financing head, with the way the appeals ask, is corroboration enough to review. The head
    // reads how an appeal is worded, not who the money is for: a second reader's benign appeals (a rifle club's range,
    // an inmate's commissary, a regiment's collection) reached 0.99 too. What they lacked is what the appeals have:
    // crypto, a pointer to a wallet, anonymity or a private channel ("dm the bot", gift cards), or an implied
    // beneficiary. Before the second reading (the head alone), 4 of 23,156 training negatives reached 0.99.
    private static bool IsCertainFinancing(double raw, bool humanitarian, SignalView s)
    {
        if (raw < CertainFinancing || humanitarian)
        {
            return false;
        }

        foreach (var kind in AskedCovertly)
        {
            if (s.Of(kind).Count > 0)
            {
                return true;
            }
        }

        return false;
    }

}
