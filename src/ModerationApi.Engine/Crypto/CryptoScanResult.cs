namespace ModerationApi.Engine.Crypto;

/// <summary>Everything <see cref="CryptoAddressScanner.Scan(string)"/> found in one text, in text order.</summary>
internal sealed class CryptoScanResult
{
    internal CryptoScanResult(IReadOnlyList<CryptoAddressMatch> addresses, IReadOnlyList<MoneroUriMatch> moneroUris)
    {
        Addresses = addresses;
        MoneroUris = moneroUris;
    }

    /// <summary>Checksum-valid addresses, including those inside <c>monero:</c> URIs.</summary>
    public IReadOnlyList<CryptoAddressMatch> Addresses { get; }

    /// <summary><c>monero:</c> payment URIs with at least one valid recipient.</summary>
    public IReadOnlyList<MoneroUriMatch> MoneroUris { get; }
}
