namespace ModerationApi.Engine.Crypto;

/// <summary>Which checksum constant a bech32-family string verified against.</summary>
internal enum Bech32Encoding
{
    /// <summary>Not a valid string of either encoding.</summary>
    None,

    /// <summary>BIP-173 bech32 (constant 1).</summary>
    Bech32,

    /// <summary>BIP-350 bech32m (constant 0x2bc830a3).</summary>
    Bech32m,
}
