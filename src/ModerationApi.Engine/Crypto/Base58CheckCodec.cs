using System.Security.Cryptography;

namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Base58check transparent addresses: version (1 byte, 2 for Zcash) + 20-byte hash + first 4 bytes of double SHA-256.
/// </summary>
internal static class Base58CheckCodec
{
    internal const int MinLength = 25;
    internal const int MaxLength = 35;

    private const int HashLength = 20;
    private const int ChecksumLength = 4;

    /// <summary>Returns true for characters that can begin one of the supported base58check addresses.</summary>
    internal static bool IsPossibleFirstCharacter(char c) =>
        c is '1' or '3' or 'm' or 'n' or '2' or 'T' or 'L' or 'M' or 'X' or '7' or 't';

    /// <summary>Validates checksum and version of a base58check address.</summary>
    internal static bool TryValidate(ReadOnlySpan<char> candidate, out CryptoAsset asset, out CryptoNetwork network, out AddressKind kind)
    {
        asset = default;
        network = default;
        kind = default;
        if (candidate.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[32];
        if (!Base58.TryDecode(candidate, decoded, out var length))
        {
            return false;
        }

        var versionLength = length - HashLength - ChecksumLength;
        if (versionLength is not (1 or 2))
        {
            return false;
        }

        var version = versionLength == 1 ? decoded[0] : (decoded[0] << 8) | decoded[1];
        if (!TryMapVersion(version, versionLength, out asset, out network, out kind))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(decoded[..(length - ChecksumLength)], hash);
        SHA256.HashData(hash, hash);
        return hash[..ChecksumLength].SequenceEqual(decoded.Slice(length - ChecksumLength, ChecksumLength));
    }

    private static bool TryMapVersion(int version, int versionLength, out CryptoAsset asset, out CryptoNetwork network, out AddressKind kind)
    {
        (var known, asset, network, kind) = (versionLength, version) switch
        {
            (1, 0x00) => (true, CryptoAsset.Bitcoin, CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash),

            // 0x05 is also Litecoin's legacy P2SH version; the bytes cannot tell them apart, so it is reported as Bitcoin.
            (1, 0x05) => (true, CryptoAsset.Bitcoin, CryptoNetwork.Mainnet, AddressKind.PayToScriptHash),
            (1, 0x6F) => (true, CryptoAsset.Bitcoin, CryptoNetwork.Testnet, AddressKind.PayToPublicKeyHash),
            (1, 0xC4) => (true, CryptoAsset.Bitcoin, CryptoNetwork.Testnet, AddressKind.PayToScriptHash),
            (1, 0x41) => (true, CryptoAsset.Tron, CryptoNetwork.Mainnet, AddressKind.Account),
            (1, 0x30) => (true, CryptoAsset.Litecoin, CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash),
            (1, 0x32) => (true, CryptoAsset.Litecoin, CryptoNetwork.Mainnet, AddressKind.PayToScriptHash),
            (1, 0x4C) => (true, CryptoAsset.Dash, CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash),
            (1, 0x10) => (true, CryptoAsset.Dash, CryptoNetwork.Mainnet, AddressKind.PayToScriptHash),
            (2, 0x1CB8) => (true, CryptoAsset.Zcash, CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash),
            (2, 0x1CBD) => (true, CryptoAsset.Zcash, CryptoNetwork.Mainnet, AddressKind.PayToScriptHash),
            _ => (false, default(CryptoAsset), default(CryptoNetwork), default(AddressKind)),
        };
        return known;
    }
}
