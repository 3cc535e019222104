using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>What the financing and crypto-donation labels both read: who the money is for, and how it is asked for.</summary>
internal sealed partial class PolicyEngine
{
    private sealed record MoneyFacts(
        List<RuleSignal> Brand,
        (List<RuleSignal> Requests, List<RuleSignal> Targets) PaidRequests,
        (List<RuleSignal> Requests, List<RuleSignal> Targets) CoinRequests,
        bool Payment,
        bool Extremist,
        IReadOnlyList<RuleSignal> Anonymity)
    {
        public static MoneyFacts Of(SignalView s)
        {
            var brand = s.Entities.Concat(s.Of(SignalKind.Slogan)).Concat(s.Of(SignalKind.Glorification)).ToList();
            var paidRequests = s.RequestsNear(s.Addresses);
            var payment = s.Of(SignalKind.MoneroUri).Count > 0 || paidRequests.Targets.Count > 0;
            var extremist = brand.Count > 0 || s.Of(SignalKind.Beneficiary).Count > 0 || s.Of(SignalKind.Appeal).Count > 0;
            // A request may name its coin ("XMR in bio"): the coin inside it is still the coin asked for.
            var coinRequests = s.RequestsNear(s.Of(SignalKind.Coin), requestMayContainTarget: true);
            return new MoneyFacts(brand, paidRequests, coinRequests, payment, extremist, s.Of(SignalKind.Anonymity));
        }
    }
}
