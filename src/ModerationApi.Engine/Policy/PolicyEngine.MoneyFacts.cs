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
            return new MoneyFacts(brand, paidRequests, RequestsForCoins(s), payment, extremist, s.Of(SignalKind.Anonymity));
        }

        // A pointer to the address ("address in bio", "XMR in bio", which holds its own coin) asks for the coin beside it
        // as a request word does.
        private static (List<RuleSignal> Requests, List<RuleSignal> Targets) RequestsForCoins(SignalView s)
        {
            var coins = s.Of(SignalKind.Coin);
            var requested = s.RequestsNear(coins);
            var pointers = s.Near(s.Of(SignalKind.Pointer), coins);
            if (pointers.Count == 0)
            {
                return requested;
            }

            foreach (var coin in s.Near(coins, pointers))
            {
                if (!requested.Targets.Contains(coin))
                {
                    requested.Targets.Add(coin);
                }
            }

            requested.Requests.AddRange(pointers);
            return requested;
        }
    }
}
