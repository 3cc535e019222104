namespace ModerationApi.Engine.Crypto;

/// <summary>The network an address is valid on, as encoded in its prefix or version byte.</summary>
public enum CryptoNetwork
{
    /// <summary>The production network, where funds have real value.</summary>
    Mainnet,

    /// <summary>A public test network.</summary>
    Testnet,

    /// <summary>Monero's stagenet.</summary>
    Stagenet,
}
