using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// isis_nft_reference: NFT links next to ISIS names, NFT vocabulary next to them with a call to mint, buy or spread
/// it, or the IS-NEWS series.
/// </summary>
internal sealed partial class PolicyEngine
{
    private static LabelScore ScoreIsisNft(SignalView s, double damping)
    {
        var nft = new Contributions();
        var isis = s.Entities.Where(e => e.Group == "isis").ToList();
        var links = s.Of(SignalKind.NftLink);
        var terms = s.Of(SignalKind.NftTerm);
        var series = s.Of(SignalKind.NftSeries);
        if (series.Count > 0)
        {
            // The series named beside its vocabulary is also how the 2022 case is reported ("an IS supporter minted an
            // NFT called IS-NEWS #01"): beside a link or a call to mint, buy or spread it, it is promotion.
            var promoted = links.Count > 0 || (terms.Count > 0 && IsPromoted(s));
            var strength = promoted ? NftSeriesWithNft : NftSeriesAlone;
            nft.Add(series, strength);
            nft.Add(links, strength);
            nft.Add(terms, promoted ? strength : 0);
            nft.Add(s.Of(SignalKind.NftPromotion), promoted ? strength : 0);
        }

        if (isis.Count > 0 && links.Count > 0)
        {
            nft.Add(isis, IsisNftWithLink);
            nft.Add(links, IsisNftWithLink);
        }

        if (isis.Count > 0 && terms.Count > 0)
        {
            if (IsPromoted(s))
            {
                nft.Add(isis, IsisNftWithTerm);
                nft.Add(terms, IsisNftWithTerm);
                nft.Add(s.Of(SignalKind.NftPromotion), IsisNftWithTerm);
            }
            else
            {
                // "ISIS supporters minted NFTs" is how the case is told in news, research and jokes about it: with no
                // link and nothing that sells or spreads the token, the words are a mention, kept as evidence at low
                // severity however many of them there are.
                nft.Add(isis.Take(1), IsisNftMention);
                nft.Add(isis.Skip(1), 0);
                nft.Add(terms, 0);
            }
        }

        return new LabelScore(nft.NoisyOr() * damping, nft.Signals);
    }

    private static bool IsPromoted(SignalView s) =>
        s.Of(SignalKind.NftPromotion).Count > 0
        || s.Of(SignalKind.Slogan).Count > 0
        || s.Of(SignalKind.Glorification).Count > 0
        || s.Of(SignalKind.Appeal).Count > 0
        || s.Of(SignalKind.Recruitment).Count > 0
        || s.Of(SignalKind.Request).Count > 0
        || s.Of(SignalKind.Pointer).Count > 0
        || s.Of(SignalKind.Anonymity).Count > 0;
}
