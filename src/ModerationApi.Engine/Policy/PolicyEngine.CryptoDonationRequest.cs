using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// crypto_donation_request: asking for crypto; benign unless the beneficiary is extremist. The strongest pattern sets
/// the score (an address and the word "Monero" next to it are one request, not two).
/// </summary>
internal sealed partial class PolicyEngine
{
    private static LabelScore ScoreCryptoDonation(SignalView s, MoneyFacts money, double damping, bool addressForImpliedCause)
    {
        var crypto = new Contributions();
        crypto.AddAll(s.Addresses);
        crypto.AddAll(s.Of(SignalKind.MoneroUri));
        crypto.AddAll(money.PaidRequests.Requests);
        crypto.AddAll(money.CoinRequests.Requests);
        crypto.AddAll(money.CoinRequests.Targets);
        var uris = s.Of(SignalKind.MoneroUri);
        var score = Math.Max(
            uris.Count > 0 ? uris.Max(u => u.Weight) : 0,
            money.PaidRequests.Targets.Count > 0 ? RequestNearAddress
            : money.CoinRequests.Targets.Count > 0 ? RequestNearCoin
            : s.Addresses.Count > 0 ? s.Addresses.Max(a => a.Weight) : 0);
        if (score >= RequestNearCoin && money.Anonymity.Count > 0)
        {
            crypto.AddAll(money.Anonymity);
            score += AnonymityBoost;
        }

        // An implied cause asked for at a validated address ("the brothers behind the wire ... XMR: 4...") asks for crypto
        // even without a request word beside the address; terrorist_financing reads it so, and this label says the same.
        if (addressForImpliedCause)
        {
            score = Math.Max(score, RequestNearAddress);
        }

        if (money.Extremist && (money.Payment || money.CoinRequests.Targets.Count > 0))
        {
            score = Math.Max(score, CryptoWithExtremist * (money.Payment ? 1.0 : damping));
        }

        return new LabelScore(score, crypto.Signals);
    }
}
