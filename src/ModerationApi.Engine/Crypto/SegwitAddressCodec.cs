namespace ModerationApi.Engine.Crypto;

/// <summary>Native SegWit addresses (BIP-173 for version 0, BIP-350 for versions 1 to 16).</summary>
internal static class SegwitAddressCodec
{
    /// <summary>Shortest possible address: "bc1" + version + 2-byte program (4 chars) + 6-char checksum.</summary>
    internal const int MinLength = 14;

    private const int MinProgramLength = 2;
    private const int MaxProgramLength = 40;

    /// <summary>
    /// Returns the length of the human-readable part plus separator if <paramref name="text"/> starts with a supported
    /// one ("bc1", "tb1", "ltc1", "tltc1", in one case), else 0.
    /// </summary>
    internal static int SupportedPrefixLength(ReadOnlySpan<char> text)
    {
        if (StartsWithAsciiIgnoreCase(text, "bc1") || StartsWithAsciiIgnoreCase(text, "tb1"))
        {
            return 3;
        }

        if (StartsWithAsciiIgnoreCase(text, "ltc1"))
        {
            return 4;
        }

        return StartsWithAsciiIgnoreCase(text, "tltc1") ? 5 : 0;
    }

    /// <summary>Validates a SegWit address and reports its coin, network, kind and witness version.</summary>
    internal static bool TryValidate(ReadOnlySpan<char> candidate, out CryptoAsset asset, out CryptoNetwork network, out AddressKind kind, out int witnessVersion)
    {
        asset = default;
        network = default;
        kind = default;
        witnessVersion = -1;
        if (candidate.Length < MinLength || candidate.Length > Bech32.MaxLength || SupportedPrefixLength(candidate) == 0)
        {
            return false;
        }

        Span<byte> data = stackalloc byte[Bech32.MaxLength];
        var encoding = Bech32.Decode(candidate, data, out var hrpLength, out var dataLength);
        if (encoding == Bech32Encoding.None || dataLength < 1 || !TryMapHrp(candidate[..hrpLength], out asset, out network))
        {
            return false;
        }

        var version = data[0];
        if (version > 16 || (version == 0) != (encoding == Bech32Encoding.Bech32))
        {
            return false;
        }

        if (!TryConvertProgram(data[1..dataLength], out var programLength)
            || programLength is < MinProgramLength or > MaxProgramLength
            || (version == 0 && programLength is not (20 or 32)))
        {
            return false;
        }

        kind = version == 0 ? AddressKind.WitnessV0 : AddressKind.WitnessV1Plus;
        witnessVersion = version;
        return true;
    }

    // 5-bit groups to bytes without padding: BIP-173 allows at most 4 leftover bits and they must be zero.
    private static bool TryConvertProgram(ReadOnlySpan<byte> values, out int programLength)
    {
        programLength = 0;
        var accumulator = 0;
        var bits = 0;
        foreach (var value in values)
        {
            accumulator = ((accumulator << 5) | value) & 0xfff;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                programLength++;
            }
        }

        return bits <= 4 && (accumulator & ((1 << bits) - 1)) == 0;
    }

    private static bool TryMapHrp(ReadOnlySpan<char> hrp, out CryptoAsset asset, out CryptoNetwork network)
    {
        (var known, asset, network) = hrp.Length switch
        {
            2 when hrp.Equals("bc", StringComparison.OrdinalIgnoreCase) => (true, CryptoAsset.Bitcoin, CryptoNetwork.Mainnet),
            2 when hrp.Equals("tb", StringComparison.OrdinalIgnoreCase) => (true, CryptoAsset.Bitcoin, CryptoNetwork.Testnet),
            3 when hrp.Equals("ltc", StringComparison.OrdinalIgnoreCase) => (true, CryptoAsset.Litecoin, CryptoNetwork.Mainnet),
            4 when hrp.Equals("tltc", StringComparison.OrdinalIgnoreCase) => (true, CryptoAsset.Litecoin, CryptoNetwork.Testnet),
            _ => (false, default(CryptoAsset), default(CryptoNetwork)),
        };
        return known;
    }

    private static bool StartsWithAsciiIgnoreCase(ReadOnlySpan<char> text, string prefix) =>
        text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
}
