using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// Turns rule signals (and, when present, model scores) into the four label scores, their evidence and one action.
/// Rule certainty is never diluted by the model: a label's score is the larger of the two. Lexicon-only evidence is
/// lowered when the post is framed as news, research or counter-speech; validated payment details are not.
/// </summary>
public sealed class PolicyEngine(PolicyOptions options)
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
    private const double NftSeriesWithNft = 0.95;
    private const double NftSeriesAlone = 0.5;
    private const double CryptoWithExtremist = 0.9;
    private const double ModelCorroboration = 0.3;
    private const double UncorroboratedFinancing = 0.5;
    private const double ImpliedCauseWithPayment = 0.7;
    private const double ImpliedCauseWords = 0.4;

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

        // extremist_propaganda: names, slogans and praise, lowered in reporting.
        var propaganda = new Contributions();
        propaganda.AddAll(s.Entities);
        propaganda.AddAll(s.Of(SignalKind.Slogan));
        propaganda.AddAll(s.Of(SignalKind.Glorification));
        var propagandaScore = propaganda.NoisyOr() * damping;

        // terrorist_financing: money plus an extremist beneficiary or brand.
        var financing = new Contributions();
        financing.AddAll(s.Of(SignalKind.Appeal));
        var brand = s.Entities.Concat(s.Of(SignalKind.Slogan)).Concat(s.Of(SignalKind.Glorification)).ToList();
        var requestsNearBeneficiary = s.RequestsNear(s.Of(SignalKind.Beneficiary));
        financing.AddAll(requestsNearBeneficiary.Targets);
        financing.AddAll(requestsNearBeneficiary.Requests);
        var paidRequests = s.RequestsNear(s.Addresses);
        var coinRequests = s.RequestsNear(s.Of(SignalKind.Coin));
        var payment = s.Of(SignalKind.MoneroUri).Count > 0 || paidRequests.Targets.Count > 0;
        var fundraising = payment || coinRequests.Targets.Count > 0 || financing.Count > 0;
        var extremist = brand.Count > 0 || s.Of(SignalKind.Beneficiary).Count > 0 || s.Of(SignalKind.Appeal).Count > 0;
        var brandRequests = s.RequestsNear(brand);
        if (brandRequests.Targets.Count > 0)
        {
            financing.Add(brandRequests.Requests, RequestNearEntity);
        }

        if (fundraising && brand.Count > 0)
        {
            var strength = payment ? ExtremistFundraisingWithAddress : ExtremistFundraising;
            financing.Add(brand, strength);
            financing.AddAll(s.Of(SignalKind.MoneroUri), strength);
            financing.Add(paidRequests.Targets, strength);
            financing.Add(coinRequests.Targets, strength);
        }

        var sanctioned = s.Of(SignalKind.Sanctioned);
        financing.AddAll(sanctioned);
        if (sanctioned.Count > 0 && s.RequestsNear(sanctioned).Targets.Count > 0)
        {
            financing.Add(sanctioned, ExtremistFundraisingWithAddress);
        }

        // An implied cause ("the imprisoned brothers", "pay the smugglers") names no group, so words alone stay below
        // review; asked for in crypto, anonymously or through a private channel, it is what the camp, prisoner and
        // movement appeals look like and goes to review. It adds one strength however many of its phrases a post
        // repeats, so on its own it never blocks. Humanitarian framing (a charity number, food parcels) keeps it out.
        var anonymity = s.Of(SignalKind.Anonymity);
        // An address or a payment URI next to the beneficiary asks for money without a request word.
        var impliedBeneficiaries = s.Of(SignalKind.ImpliedBeneficiary);
        var impliedRequests = s.RequestsNear(impliedBeneficiaries, requestMayContainTarget: true);
        var impliedPaid = s.Near(impliedBeneficiaries, [.. s.Addresses, .. s.Of(SignalKind.MoneroUri)]);
        var impliedAppeals = s.Of(SignalKind.ImpliedAppeal);
        var implied = new Contributions();
        var impliedStrength = 0.0;
        if (impliedRequests.Targets.Count + impliedPaid.Count + impliedAppeals.Count > 0 && s.Of(SignalKind.Humanitarian).Count == 0)
        {
            var covert = payment || impliedPaid.Count > 0 || coinRequests.Targets.Count > 0 || anonymity.Count > 0;
            impliedStrength = covert ? ImpliedCauseWithPayment : ImpliedCauseWords;
            implied.AddAll(impliedAppeals);
            implied.AddAll(impliedRequests.Targets);
            implied.AddAll(impliedPaid);
            implied.AddAll(impliedRequests.Requests);
            implied.AddAll(anonymity);
        }

        if (financing.Count > 0)
        {
            financing.AddAll(anonymity);
        }

        // Validated payment details are operational whatever the framing; words alone are not.
        var financingScore = 1 - ((1 - (financing.NoisyOr() * (payment && extremist ? 1.0 : damping))) * (1 - (impliedStrength * damping)));

        // crypto_donation_request: asking for crypto; benign unless the beneficiary is extremist. The strongest pattern
        // sets the score (an address and the word "Monero" next to it are one request, not two).
        var crypto = new Contributions();
        crypto.AddAll(s.Addresses);
        crypto.AddAll(s.Of(SignalKind.MoneroUri));
        crypto.AddAll(paidRequests.Requests);
        crypto.AddAll(coinRequests.Requests);
        crypto.AddAll(coinRequests.Targets);
        var uris = s.Of(SignalKind.MoneroUri);
        var cryptoScore = Math.Max(
            uris.Count > 0 ? uris.Max(u => u.Weight) : 0,
            paidRequests.Targets.Count > 0 ? RequestNearAddress
            : coinRequests.Targets.Count > 0 ? RequestNearCoin
            : s.Addresses.Count > 0 ? s.Addresses.Max(a => a.Weight) : 0);
        if (cryptoScore >= RequestNearCoin && anonymity.Count > 0)
        {
            crypto.AddAll(anonymity);
            cryptoScore += AnonymityBoost;
        }

        if (extremist && (payment || coinRequests.Targets.Count > 0))
        {
            cryptoScore = Math.Max(cryptoScore, CryptoWithExtremist * (payment ? 1.0 : damping));
        }

        // isis_nft_reference: NFT links or vocabulary next to ISIS names or the IS-NEWS series.
        var nft = new Contributions();
        var isis = s.Entities.Where(e => e.Group == "isis").ToList();
        var links = s.Of(SignalKind.NftLink);
        var terms = s.Of(SignalKind.NftTerm);
        var series = s.Of(SignalKind.NftSeries);
        if (series.Count > 0)
        {
            var withNft = links.Count + terms.Count > 0;
            nft.Add(series, withNft ? NftSeriesWithNft : NftSeriesAlone);
            nft.Add(links, withNft ? NftSeriesWithNft : NftSeriesAlone);
            nft.Add(terms, withNft ? NftSeriesWithNft : NftSeriesAlone);
        }

        if (isis.Count > 0 && links.Count > 0)
        {
            nft.Add(isis, IsisNftWithLink);
            nft.Add(links, IsisNftWithLink);
        }

        if (isis.Count > 0 && terms.Count > 0)
        {
            nft.Add(isis, IsisNftWithTerm);
            nft.Add(terms, IsisNftWithTerm);
        }

        var nftScore = nft.NoisyOr() * damping;

        var scores = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [Labels.ExtremistPropaganda] = propagandaScore,
            [Labels.TerroristFinancing] = financingScore,
            [Labels.CryptoDonationRequest] = cryptoScore,
            [Labels.IsisNftReference] = nftScore,
        };
        AddRuleEvidence(evidence, Labels.ExtremistPropaganda, propaganda, propagandaScore);
        AddRuleEvidence(evidence, Labels.TerroristFinancing, financing, financingScore);
        AddRuleEvidence(evidence, Labels.TerroristFinancing, implied, financingScore);
        AddRuleEvidence(evidence, Labels.CryptoDonationRequest, crypto, cryptoScore);
        AddRuleEvidence(evidence, Labels.IsisNftReference, nft, nftScore);

        if (model is not null)
        {
            // The financing head cannot tell who the money is for: on its own it also fires on open-source and
            // charity crypto appeals. It counts fully only when something says the cause is extremist (a rule signal
            // or the propaganda head); otherwise it is halved, which keeps it below review.
            var corroborated = extremist || implied.Count > 0 || model.Scores.GetValueOrDefault(Labels.ExtremistPropaganda) >= ModelCorroboration;

            // With no extremist signal at all, a post framed as reporting, research, counter-speech or ordinary
            // religious practice is lowered like lexicon evidence is: the heads confuse talking about extremism, and
            // Muslim religious vocabulary, with promoting it.
            var framed = !extremist && (s.Reporting.Count > 0 || s.Of(SignalKind.ReligiousLife).Count > 0);
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

        if (damping < 1.0 && (propaganda.Count > 0 || financing.Count > 0 || nft.Count > 0))
        {
            foreach (var r in s.Reporting.Take(3))
            {
                var lowered = propaganda.Count > 0 ? Labels.ExtremistPropaganda : financing.Count > 0 ? Labels.TerroristFinancing : Labels.IsisNftReference;
                evidence.Add(new EvidenceItem(lowered, EvidenceSource.Rule, r.RuleId, r.Start, r.End,
                    $"{r.Detail}: news, research or counter-speech framing lowers lexicon scores", r.Transforms));
            }
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

    private static void AddRuleEvidence(List<EvidenceItem> evidence, string label, Contributions contributions, double score)
    {
        if (score <= 0)
        {
            return;
        }

        foreach (var signal in contributions.Signals.Take(MaxEvidencePerLabel))
        {
            evidence.Add(new EvidenceItem(label, EvidenceSource.Rule, signal.RuleId, signal.Start, signal.End, signal.Detail, signal.Transforms));
        }
    }
}
