namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Bitcoin's base58 alphabet and its big-number decoding (the whole string is one number, leading '1's are zero bytes).
/// Monero's block-wise variant shares the alphabet and lives in <see cref="MoneroBase58"/>.
/// </summary>
internal static class Base58
{
    internal const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    private static readonly sbyte[] DigitValues = BuildDigitValues();

    /// <summary>Returns the digit value of <paramref name="c"/>, or -1 when it is not in the alphabet.</summary>
    internal static int DigitValue(char c) => c < 128 ? DigitValues[c] : -1;

    /// <summary>
    /// Decodes <paramref name="text"/> into <paramref name="destination"/>. Fails on a symbol outside the alphabet or when
    /// the decoded value does not fit; <paramref name="written"/> is the canonical decoded length.
    /// </summary>
    internal static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination, out int written)
    {
        written = 0;
        var zeros = 0;
        while (zeros < text.Length && text[zeros] == '1')
        {
            zeros++;
        }

        // The value is accumulated in 32-bit limbs, least significant first: a quarter of the work of byte-wise
        // multiplication, which matters because the scanner decodes every plausible candidate.
        Span<uint> limbs = stackalloc uint[(destination.Length + 3) / 4];
        var used = 0;
        for (var i = zeros; i < text.Length; i++)
        {
            var digit = DigitValue(text[i]);
            if (digit < 0)
            {
                return false;
            }

            var carry = (ulong)digit;
            for (var j = 0; j < used; j++)
            {
                carry += (ulong)limbs[j] * 58;
                limbs[j] = (uint)carry;
                carry >>= 32;
            }

            if (carry != 0)
            {
                if (used == limbs.Length)
                {
                    return false;
                }

                limbs[used++] = (uint)carry;
            }
        }

        var significant = used * 4;
        while (significant > 0 && (limbs[(significant - 1) / 4] >> (8 * ((significant - 1) % 4)) & 0xff) == 0)
        {
            significant--;
        }

        var total = zeros + significant;
        if (total > destination.Length)
        {
            return false;
        }

        destination.Clear();
        for (var b = 0; b < significant; b++)
        {
            destination[total - 1 - b] = (byte)(limbs[b / 4] >> (8 * (b % 4)));
        }

        written = total;
        return true;
    }

    private static sbyte[] BuildDigitValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Alphabet.Length; i++)
        {
            values[Alphabet[i]] = (sbyte)i;
        }

        return values;
    }
}
