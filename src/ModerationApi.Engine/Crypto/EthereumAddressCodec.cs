namespace ModerationApi.Engine.Crypto;

/// <summary>Ethereum account addresses: "0x" + 40 hex digits, with the EIP-55 mixed-case checksum when mixed case is used.</summary>
internal static class EthereumAddressCodec
{
    internal const int Length = 42;
    private const int HexLength = 40;

    /// <summary>
    /// Validates an address. Single-case hex carries no checksum and is accepted (<paramref name="hasChecksum"/> false);
    /// mixed case must match EIP-55 exactly, since a wrong mix is the typo the checksum exists to catch.
    /// </summary>
    internal static bool TryValidate(ReadOnlySpan<char> candidate, out bool hasChecksum)
    {
        hasChecksum = false;
        if (candidate.Length != Length || candidate[0] != '0' || candidate[1] != 'x')
        {
            return false;
        }

        var hex = candidate[2..];
        bool lower = false, upper = false;
        foreach (var c in hex)
        {
            if (c is >= 'a' and <= 'f')
            {
                lower = true;
            }
            else if (c is >= 'A' and <= 'F')
            {
                upper = true;
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
        }

        if (!(lower && upper))
        {
            return true;
        }

        Span<byte> ascii = stackalloc byte[HexLength];
        for (var i = 0; i < HexLength; i++)
        {
            ascii[i] = (byte)(hex[i] | 0x20);
        }

        Span<byte> hash = stackalloc byte[Keccak256.HashSizeInBytes];
        Keccak256.HashData(ascii, hash);
        for (var i = 0; i < HexLength; i++)
        {
            var c = hex[i];
            if (c <= '9')
            {
                continue;
            }

            var nibble = (i & 1) == 0 ? hash[i >> 1] >> 4 : hash[i >> 1] & 0x0f;
            if ((nibble >= 8) != (c <= 'F'))
            {
                return false;
            }
        }

        hasChecksum = true;
        return true;
    }
}
