namespace ModerationApi.Engine.Crypto;

/// <summary>The structural kind of a validated address.</summary>
public enum AddressKind
{
    /// <summary>A Monero primary (standard) address.</summary>
    Standard,

    /// <summary>A Monero subaddress.</summary>
    Subaddress,

    /// <summary>A Monero integrated address that embeds an 8-byte payment id.</summary>
    Integrated,

    /// <summary>A base58check pay-to-public-key-hash address.</summary>
    PayToPublicKeyHash,

    /// <summary>A base58check pay-to-script-hash address.</summary>
    PayToScriptHash,

    /// <summary>A native SegWit version 0 address (bech32, BIP-173).</summary>
    WitnessV0,

    /// <summary>A native SegWit version 1 to 16 address (bech32m, BIP-350).</summary>
    WitnessV1Plus,

    /// <summary>An account address (Ethereum, Tron).</summary>
    Account,
}
