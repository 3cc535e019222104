using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// Turns rule signals (and, when present, model scores) into the four label scores, their evidence and one action.
/// Rule certainty is never diluted by the model: a label's score is the larger of the two. Lexicon-only evidence is
/// lowered when the post is framed as news, research or counter-speech; validated payment details are not. Each label
/// is scored in its own file (<c>PolicyEngine.{Label}.cs</c>); this one combines them with the model and the thresholds.
/// </summary>
internal sealed partial class PolicyEngine(PolicyOptions options)
{
    private const int MaxEvidencePerLabel = 24;
    private const double ExtremistFundraising = 0.85;
    private const double ExtremistFundraisingWithAddress = 0.95;
    private const double RequestNearEntity = 0.45;
    private const double RequestNearAddress = 0.55;
    private const double AnonymityBoost = 0.15;
    private const double RequestNearCoin = 0.45;
    private const double IsisNftWithLink = 0.9;
    private const double IsisNftWithTerm = 0.75;
    private const double IsisNftMention = 0.45;
    private const double NftSeriesWithNft = 0.95;
    private const double NftSeriesAlone = 0.5;
    private const double CryptoWithExtremist = 0.9;
    private const double ModelCorroboration = 0.3;
    private const double UncorroboratedFinancing = 0.5;
    private const double CertainFinancing = 0.99;
    private const double NearThresholdPropaganda = 0.5;
    private const double ImpliedCauseWithPayment = 0.7;
    private const double ImpliedCauseWords = 0.4;
    private const double RaceOnlyRecruitment = 0.7;

    // Signals that speak for extremist_propaganda (names, slogans, glorification, race-only recruitment, dehumanising
    // words); the other stance signals speak for terrorist_financing.
    private static readonly HashSet<SignalKind> PropagandaKinds =
    [
        SignalKind.Entity, SignalKind.AmbiguousEntity, SignalKind.Slogan, SignalKind.Glorification, SignalKind.Recruitment,
        SignalKind.Exclusion, SignalKind.Dehumanisation,
    ];

    private Assessment? _clean;

    /// <summary>The thresholds in force.</summary>
    public PolicyOptions Options { get; } = options;

    /// <summary>
    /// A short hash of the thresholds and of this engine's build, part of every cache key: a cached verdict must not
    /// outlive the policy that made it.
    /// </summary>
    public string Version { get; } = ComputeVersion(options);

    /// <summary>Assesses one post.</summary>
    public Assessment Assess(IReadOnlyList<RuleSignal> signals, CompiledRules rules, ModelScores? model, string modelVersion)
    {
        // Most posts trip no rule and the model sees nothing: share one clean assessment instead of building it anew.
        if (signals.Count == 0 && (model is null || IsSilent(model)))
        {
            var clean = _clean;
            if (clean is null || clean.RulesVersion != rules.Version || clean.ModelVersion != modelVersion)
            {
                _clean = clean = Build(signals, rules, null, modelVersion);
            }

            return clean;
        }

        return Build(signals, rules, model, modelVersion);
    }

    private static bool IsSilent(ModelScores model)
    {
        if (model.Windows.Count > 0)
        {
            return false;
        }

        foreach (var score in model.Scores.Values)
        {
            if (score != 0)
            {
                return false;
            }
        }

        return true;
    }

    private Assessment Build(IReadOnlyList<RuleSignal> signals, CompiledRules rules, ModelScores? model, string modelVersion)
    {
        var s = new SignalView(signals, rules.RequestWindow);
        var evidence = new List<EvidenceItem>();
        var damping = s.Reporting.Count > 0 ? rules.ReportingDamping : 1.0;

        var propaganda = ScorePropaganda(s, damping);
        var money = MoneyFacts.Of(s);
        var financing = ScoreFinancing(s, money, damping);
        var crypto = ScoreCryptoDonation(s, money, damping, financing.AddressForImpliedCause);
        var nft = ScoreIsisNft(s, damping);
        var scores = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [Labels.ExtremistPropaganda] = propaganda.Score,
            [Labels.TerroristFinancing] = financing.Score,
            [Labels.CryptoDonationRequest] = crypto.Score,
            [Labels.IsisNftReference] = nft.Score,
        };
        AddRuleEvidence(evidence, Labels.ExtremistPropaganda, propaganda.Signals, propaganda.Score);
        AddRuleEvidence(evidence, Labels.TerroristFinancing, financing.Signals, financing.Score);
        AddRuleEvidence(evidence, Labels.TerroristFinancing, financing.Implied, financing.Score);
        AddRuleEvidence(evidence, Labels.CryptoDonationRequest, crypto.Signals, crypto.Score);
        AddRuleEvidence(evidence, Labels.IsisNftReference, nft.Signals, nft.Score);
        if (model is not null)
        {
            ApplyModel(model, s, rules, scores, evidence, money.Extremist || financing.AddressForImpliedCause, impliedCause: financing.Implied.Count > 0);
        }

        if (damping < 1.0 && (propaganda.Signals.Count > 0 || financing.Signals.Count > 0 || nft.Signals.Count > 0))
        {
            foreach (var r in s.Reporting.Take(3))
            {
                var lowered = propaganda.Signals.Count > 0 ? Labels.ExtremistPropaganda : financing.Signals.Count > 0 ? Labels.TerroristFinancing : Labels.IsisNftReference;
                evidence.Add(new EvidenceItem(lowered, EvidenceSource.Rule, r.RuleId, r.Start, r.End,
                    $"{r.Detail}: news, research or counter-speech framing lowers lexicon scores", r.Transforms));
            }
        }

        foreach (var m in s.Mentions.Take(MaxEvidencePerLabel))
        {
            var label = m.Kind is SignalKind.NftTerm or SignalKind.NftPromotion ? Labels.IsisNftReference
                : PropagandaKinds.Contains(m.Kind) ? Labels.ExtremistPropaganda
                : Labels.TerroristFinancing;
            evidence.Add(new EvidenceItem(label, EvidenceSource.Rule, m.RuleId, m.Start, m.End,
                $"{m.Detail}: quoted, not used: read as a mention and not scored by the rules", m.Transforms));
        }

        var results = new Dictionary<string, LabelResult>(StringComparer.Ordinal);
        var action = ModerationAction.Allow;
        foreach (var label in Labels.All)
        {
            var score = Math.Round(Math.Clamp(scores[label], 0, 1), 4);
            var thresholds = Options.For(label);
            var labelAction = thresholds.ActionOf(score);
            results[label] = new LabelResult(score, thresholds.Flags(score), thresholds.SeverityOf(score));
            action = labelAction > action ? labelAction : action;
        }

        evidence.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Label, b.Label));
        return new Assessment(action, results, evidence, modelVersion, rules.Version);
    }

    private static string ComputeVersion(PolicyOptions options)
    {
        var text = new System.Text.StringBuilder(typeof(PolicyEngine).Assembly.ManifestModule.ModuleVersionId.ToString());
        foreach (var label in Labels.All)
        {
            var t = options.For(label);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"|{label}:{t.Low}:{t.Medium}:{t.High}:{t.ReviewAt}:{t.BlockAt}:{t.FlagAt}");
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash)[..8];
    }

    private static double ModelAloneCeiling(LabelThresholds thresholds) =>
        thresholds.BlockAt is { } block ? Math.Max(0, block - 0.0001) : 1.0;

    private static void AddRuleEvidence(List<EvidenceItem> evidence, string label, List<RuleSignal> signals, double score)
    {
        if (score <= 0)
        {
            return;
        }

        foreach (var signal in signals.Take(MaxEvidencePerLabel))
        {
            evidence.Add(new EvidenceItem(label, EvidenceSource.Rule, signal.RuleId, signal.Start, signal.End, signal.Detail, signal.Transforms));
        }
    }
}
