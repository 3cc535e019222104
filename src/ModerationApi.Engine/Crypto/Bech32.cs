namespace ModerationApi.Engine.Crypto;

/// <summary>BIP-173 / BIP-350 string decoding: human-readable part, separator, 5-bit data and a 6-character checksum.</summary>
internal static class Bech32
{
    internal const int MaxLength = 90;
    internal const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    private const int ChecksumLength = 6;
    private const uint Bech32Constant = 1;
    private const uint Bech32mConstant = 0x2bc830a3;

    private static readonly sbyte[] CharsetValues = BuildCharsetValues();

    /// <summary>Returns the 5-bit value of a data character (either case), or -1.</summary>
    internal static int CharValue(char c) => c < 128 ? CharsetValues[c] : -1;

    /// <summary>
    /// Decodes and verifies a bech32/bech32m string. On success <paramref name="data"/> holds the 5-bit values between
    /// the separator and the checksum and <paramref name="hrpLength"/> the length of the human-readable part.
    /// </summary>
    internal static Bech32Encoding Decode(ReadOnlySpan<char> text, Span<byte> data, out int hrpLength, out int dataLength)
    {
        hrpLength = 0;
        dataLength = 0;
        if (text.Length > MaxLength)
        {
            return Bech32Encoding.None;
        }

        bool lower = false, upper = false;
        foreach (var c in text)
        {
            if (c is < (char)33 or > (char)126)
            {
                return Bech32Encoding.None;
            }

            lower |= c is >= 'a' and <= 'z';
            upper |= c is >= 'A' and <= 'Z';
        }

        if (lower && upper)
        {
            return Bech32Encoding.None;
        }

        var separator = text.LastIndexOf('1');
        if (separator < 1 || separator + ChecksumLength + 1 > text.Length)
        {
            return Bech32Encoding.None;
        }

        var values = text.Length - separator - 1;
        if (values - ChecksumLength > data.Length)
        {
            return Bech32Encoding.None;
        }

        var hrp = text[..separator];
        uint checksum = 1;
        foreach (var c in hrp)
        {
            checksum = PolymodStep(checksum, ToLowerAscii(c) >> 5);
        }

        checksum = PolymodStep(checksum, 0);
        foreach (var c in hrp)
        {
            checksum = PolymodStep(checksum, ToLowerAscii(c) & 31);
        }

        for (var i = 0; i < values; i++)
        {
            var value = CharValue(text[separator + 1 + i]);
            if (value < 0)
            {
                return Bech32Encoding.None;
            }

            checksum = PolymodStep(checksum, value);
            if (i < values - ChecksumLength)
            {
                data[i] = (byte)value;
            }
        }

        hrpLength = separator;
        dataLength = values - ChecksumLength;
        return checksum switch
        {
            Bech32Constant => Bech32Encoding.Bech32,
            Bech32mConstant => Bech32Encoding.Bech32m,
            _ => Bech32Encoding.None,
        };
    }

    private static int ToLowerAscii(char c) => c is >= 'A' and <= 'Z' ? c + 32 : c;

    private static uint PolymodStep(uint checksum, int value)
    {
        var top = checksum >> 25;
        checksum = ((checksum & 0x1ffffff) << 5) ^ (uint)value;
        if ((top & 1) != 0)
        {
            checksum ^= 0x3b6a57b2;
        }

        if ((top & 2) != 0)
        {
            checksum ^= 0x26508e6d;
        }

        if ((top & 4) != 0)
        {
            checksum ^= 0x1ea119fa;
        }

        if ((top & 8) != 0)
        {
            checksum ^= 0x3d4233dd;
        }

        if ((top & 16) != 0)
        {
            checksum ^= 0x2a1462b3;
        }

        return checksum;
    }

    private static sbyte[] BuildCharsetValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Charset.Length; i++)
        {
            values[Charset[i]] = (sbyte)i;
            values[char.ToUpperInvariant(Charset[i])] = (sbyte)i;
        }

        return values;
    }
}
