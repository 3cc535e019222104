using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>terrorist_financing: money plus an extremist beneficiary or brand, or an implied cause asked for covertly.</summary>
internal sealed partial class PolicyEngine
{
    private static FinancingScore ScoreFinancing(SignalView s, MoneyFacts money, double damping)
    {
        var financing = new Contributions();
        financing.AddAll(s.Of(SignalKind.Appeal));
        var requestsNearBeneficiary = s.RequestsNear(s.Of(SignalKind.Beneficiary));
        financing.AddAll(requestsNearBeneficiary.Targets);
        financing.AddAll(requestsNearBeneficiary.Requests);
        var fundraising = money.Payment || money.CoinRequests.Targets.Count > 0 || financing.Count > 0;
        var brandRequests = s.RequestsNear(money.Brand);
        if (brandRequests.Targets.Count > 0)
        {
            // One ask beside a name, however many request words it strings together ("please donate now" holds two
            // overlapping lines): news quotes such an ask, so alone it stays below review.
            financing.Add(brandRequests.Requests.Take(1), RequestNearEntity);
            financing.Add(brandRequests.Requests.Skip(1), 0);
        }

        if (fundraising && money.Brand.Count > 0)
        {
            var strength = money.Payment ? ExtremistFundraisingWithAddress : ExtremistFundraising;
            financing.Add(money.Brand, strength);
            financing.AddAll(s.Of(SignalKind.MoneroUri), strength);
            financing.Add(money.PaidRequests.Targets, strength);
            financing.Add(money.CoinRequests.Targets, strength);
        }

        var sanctioned = s.Of(SignalKind.Sanctioned);
        financing.AddAll(sanctioned);
        if (sanctioned.Count > 0 && s.RequestsNear(sanctioned).Targets.Count > 0)
        {
            financing.Add(sanctioned, ExtremistFundraisingWithAddress);
        }

        var (implied, impliedStrength, addressForCause) = ImpliedCause(s, money);
        if (financing.Count > 0)
        {
            financing.AddAll(money.Anonymity);
        }

        // Validated payment details are operational whatever the framing; words alone are not. That holds for an address
        // beside an implied cause too: an appeal for "the brothers arrested ..." uses reporting's words about itself.
        var score = 1 - ((1 - (financing.NoisyOr() * (money.Payment && money.Extremist ? 1.0 : damping))) * (1 - (impliedStrength * (addressForCause ? 1.0 : damping))));
        return new FinancingScore(score, financing.Signals, implied.Signals, addressForCause);
    }

    // An implied cause ("the imprisoned brothers", "pay the smugglers") names no group, so words alone stay below
    // review; asked for in crypto, anonymously or through a private channel, it is what the camp, prisoner and
    // movement appeals look like and goes to review. It adds one strength however many of its phrases a post repeats,
    // so on its own it never blocks. Humanitarian framing (a charity number, food parcels) keeps it out.
    private static (Contributions Implied, double Strength, bool AddressForCause) ImpliedCause(SignalView s, MoneyFacts money)
    {
        var impliedBeneficiaries = s.Of(SignalKind.ImpliedBeneficiary);
        var impliedAppeals = s.Of(SignalKind.ImpliedAppeal);
        var implied = new Contributions();
        // Most posts with signals (an address, a coin name) have no implied cause: they skip the proximity look-ups.
        if (impliedBeneficiaries.Count + impliedAppeals.Count == 0 || s.Of(SignalKind.Humanitarian).Count > 0)
        {
            return (implied, 0.0, false);
        }

        // An address or a payment URI next to the beneficiary asks for money without a request word.
        var impliedRequests = s.RequestsNear(impliedBeneficiaries, requestMayContainTarget: true);
        var impliedPaid = s.Near(impliedBeneficiaries, [.. s.Addresses, .. s.Of(SignalKind.MoneroUri)]);

        // So does a pointer to the address, but only for gifts asked to stay hidden: "BTC in bio" is also how clubs,
        // parishes and fraternities ask ("the brothers of ..."), and a second reader's probes sent those to review.
        var pointers = money.Anonymity.Count > 0 ? s.Of(SignalKind.Pointer) : [];
        var impliedPointed = s.Near(impliedBeneficiaries, pointers);
        if (impliedRequests.Targets.Count + impliedPaid.Count + impliedPointed.Count + impliedAppeals.Count == 0)
        {
            return (implied, 0.0, false);
        }

        var covert = money.Payment || impliedPaid.Count > 0 || money.CoinRequests.Targets.Count > 0 || money.Anonymity.Count > 0;
        implied.AddAll(impliedAppeals);
        implied.AddAll(impliedRequests.Targets);
        implied.AddAll(impliedPaid);
        implied.AddAll(impliedPointed);
        implied.AddAll(s.Near(pointers, impliedPointed));
        implied.AddAll(impliedRequests.Requests);
        implied.AddAll(money.Anonymity);
        return (implied, covert ? ImpliedCauseWithPayment : ImpliedCauseWords, impliedPaid.Count > 0);
    }

    /// <summary>The financing score, its signals, and the implied-cause signals reported under the same label.</summary>
    private readonly record struct FinancingScore(double Score, List<RuleSignal> Signals, List<RuleSignal> Implied, bool AddressForImpliedCause);
}
