namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Monero address layout: varint(prefix) + public spend key (32) + public view key (32) + [payment id (8), integrated
/// only] + first 4 bytes of Keccak-256 over everything before them.
/// </summary>
internal static class MoneroAddressCodec
{
    internal const int StandardLength = 95;
    internal const int IntegratedLength = 106;
    internal const int KeyLength = 32;
    internal const int PaymentIdLength = 8;

    private const int ChecksumLength = 4;
    private const int StandardDecodedLength = 1 + KeyLength + KeyLength + ChecksumLength;
    private const int IntegratedDecodedLength = StandardDecodedLength + PaymentIdLength;
    private const int PaymentIdOffset = 1 + KeyLength + KeyLength;

    /// <summary>Returns true for characters that can begin an address of any of the nine known prefixes.</summary>
    internal static bool IsPossibleFirstCharacter(char c) => c is '4' or '8' or '9' or 'A' or 'B' or '5' or '7';

    /// <summary>Validates a Monero address: alphabet, block structure, known prefix, length for that prefix and checksum.</summary>
    internal static bool TryValidate(ReadOnlySpan<char> candidate, out CryptoNetwork network, out AddressKind kind)
    {
        network = default;
        kind = default;
        if (candidate.Length is not (StandardLength or IntegratedLength))
        {
            return false;
        }

        // The first 11-character block carries the prefix byte: decoding it alone rejects most non-addresses before
        // paying for the whole decode and the hash.
        Span<byte> firstBlock = stackalloc byte[8];
        if (!MoneroBase58.TryDecodeBlock(candidate[..11], firstBlock)
            || !TryMapPrefix(firstBlock[0], out network, out kind)
            || (kind == AddressKind.Integrated) != (candidate.Length == IntegratedLength))
        {
            return false;
        }

        Span<byte> data = stackalloc byte[IntegratedDecodedLength];
        data = data[..(candidate.Length == IntegratedLength ? IntegratedDecodedLength : StandardDecodedLength)];
        if (!MoneroBase58.TryDecode(candidate, data))
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        var body = data[..^ChecksumLength];
        Keccak256.HashData(body, hash);
        return hash[..ChecksumLength].SequenceEqual(data[^ChecksumLength..]);
    }

    /// <summary>Extracts the payment id of a valid integrated address.</summary>
    internal static bool TryGetPaymentId(ReadOnlySpan<char> candidate, Span<byte> paymentId)
    {
        if (!TryValidate(candidate, out _, out var kind) || kind != AddressKind.Integrated)
        {
            return false;
        }

        Span<byte> data = stackalloc byte[IntegratedDecodedLength];
        MoneroBase58.TryDecode(candidate, data);
        data.Slice(PaymentIdOffset, PaymentIdLength).CopyTo(paymentId);
        return true;
    }

    /// <summary>Builds an address from its parts; used by tests to construct testnet/stagenet addresses from keys.</summary>
    internal static string Encode(byte prefix, ReadOnlySpan<byte> spendKey, ReadOnlySpan<byte> viewKey, ReadOnlySpan<byte> paymentId)
    {
        // All nine network prefixes are below 0x80, so their varint is the single byte itself.
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(prefix, (byte)0x80);
        var length = 1 + spendKey.Length + viewKey.Length + paymentId.Length;
        var data = new byte[length + ChecksumLength];
        data[0] = prefix;
        spendKey.CopyTo(data.AsSpan(1));
        viewKey.CopyTo(data.AsSpan(1 + spendKey.Length));
        paymentId.CopyTo(data.AsSpan(1 + spendKey.Length + viewKey.Length));
        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.HashData(data.AsSpan(0, length), hash);
        hash[..ChecksumLength].CopyTo(data.AsSpan(length));
        return MoneroBase58.Encode(data);
    }

    // Prefixes from src/cryptonote_config.h. They are single-byte varints; a first byte >= 0x80 would start a longer
    // varint, which no Monero network uses, so it falls through to "unknown".
    private static bool TryMapPrefix(byte prefix, out CryptoNetwork network, out AddressKind kind)
    {
        (var known, network, kind) = prefix switch
        {
            18 => (true, CryptoNetwork.Mainnet, AddressKind.Standard),
            19 => (true, CryptoNetwork.Mainnet, AddressKind.Integrated),
            42 => (true, CryptoNetwork.Mainnet, AddressKind.Subaddress),
            53 => (true, CryptoNetwork.Testnet, AddressKind.Standard),
            54 => (true, CryptoNetwork.Testnet, AddressKind.Integrated),
            63 => (true, CryptoNetwork.Testnet, AddressKind.Subaddress),
            24 => (true, CryptoNetwork.Stagenet, AddressKind.Standard),
            25 => (true, CryptoNetwork.Stagenet, AddressKind.Integrated),
            36 => (true, CryptoNetwork.Stagenet, AddressKind.Subaddress),
            _ => (false, default(CryptoNetwork), default(AddressKind)),
        };
        return known;
    }
}
