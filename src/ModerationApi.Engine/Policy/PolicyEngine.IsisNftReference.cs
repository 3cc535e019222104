using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>isis_nft_reference: NFT links or vocabulary next to ISIS names or the IS-NEWS series.</summary>
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

        return new LabelScore(nft.NoisyOr() * damping, nft.Signals);
    }
}
