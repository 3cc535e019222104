namespace ModerationApi.Engine.Policy;

/// <summary>The four labels every verdict scores, always in this order.</summary>
public static class Labels
{
    /// <summary>Content that promotes, glorifies or recruits for a violent extremist group.</summary>
    public const string ExtremistPropaganda = "extremist_propaganda";

    /// <summary>An appeal to fund a terrorist group, its fighters or its prisoners.</summary>
    public const string TerroristFinancing = "terrorist_financing";

    /// <summary>A request for crypto donations (benign on its own; high when the beneficiary is extremist).</summary>
    public const string CryptoDonationRequest = "crypto_donation_request";

    /// <summary>Promotion of ISIS-branded NFTs (marketplace or IPFS links, minting) such as the 2022 IS-NEWS series.</summary>
    public const string IsisNftReference = "isis_nft_reference";

    /// <summary>All labels in their fixed order.</summary>
    public static IReadOnlyList<string> All { get; } = [ExtremistPropaganda, TerroristFinancing, CryptoDonationRequest, IsisNftReference];

    /// <summary>A one-line description of a label for API consumers.</summary>
    public static string Describe(string label) => label switch
    {
        ExtremistPropaganda => "Promotes, glorifies or recruits for a violent extremist group or its attacks.",
        TerroristFinancing => "Asks for money for a terrorist group, its fighters, weapons or prisoners.",
        CryptoDonationRequest => "Asks for cryptocurrency donations. Low on its own (open-source projects do this); high with extremist beneficiaries.",
        IsisNftReference => "Promotes ISIS-branded NFTs: marketplace, IPFS or contract links, or minting, next to ISIS names or outlets.",
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "unknown label"),
    };
}
