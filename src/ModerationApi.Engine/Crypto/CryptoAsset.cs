namespace ModerationApi.Engine.Crypto;

/// <summary>The cryptocurrency a validated address belongs to.</summary>
public enum CryptoAsset
{
    /// <summary>Monero (XMR).</summary>
    Monero,

    /// <summary>Bitcoin (BTC).</summary>
    Bitcoin,

    /// <summary>Ethereum (ETH) or another EVM chain using the same account format.</summary>
    Ethereum,

    /// <summary>Tron (TRX).</summary>
    Tron,

    /// <summary>Litecoin (LTC).</summary>
    Litecoin,

    /// <summary>Dash (DASH).</summary>
    Dash,

    /// <summary>Zcash (ZEC), transparent addresses only.</summary>
    Zcash,
}
