namespace ModerationApi.Engine.Crypto;

/// <summary>Per-character alphabet membership bits, so a token's alphabets are one AND per character.</summary>
internal static class AddressCharClasses
{
    internal const byte Base58 = 1;
    internal const byte Hex = 2;
    internal const byte Bech32Lower = 4;
    internal const byte Bech32Upper = 8;
    internal const byte AsciiAlphanumeric = 16;
    internal const byte Digit = 32;

    /// <summary>Set for every char that extends a word (<see cref="IsWordChar"/>), so the scanner needs one lookup per char.</summary>
    internal const byte WordChar = 64;

    /// <summary>Membership bits to start an AND over a token with.</summary>
    internal const byte AllAlphabets = Base58 | Hex | Bech32Lower | Bech32Upper | AsciiAlphanumeric;

    private static readonly byte[] Table = BuildTable();

    /// <summary>Returns the membership bits of <paramref name="c"/>; non-ASCII characters belong to no alphabet.</summary>
    internal static byte Of(char c) => c < 128 ? Table[c] : (byte)0;

    /// <summary>The membership bits of <paramref name="c"/> plus <see cref="WordChar"/> when it extends a word.</summary>
    internal static byte OfWordChar(char c) => c < 128 ? Table[c] : char.IsLetterOrDigit(c) ? WordChar : (byte)0;

    /// <summary>
    /// True for characters that extend a word: an address glued to any of them is part of a longer word, not a candidate.
    /// </summary>
    internal static bool IsWordChar(char c) => (OfWordChar(c) & WordChar) != 0;

    private static byte[] BuildTable()
    {
        var table = new byte[128];
        for (var c = '0'; c <= '9'; c++)
        {
            table[c] |= WordChar | AsciiAlphanumeric | Digit | Hex;
        }

        for (var c = 'a'; c <= 'z'; c++)
        {
            table[c] |= WordChar | AsciiAlphanumeric;
            table[c - 32] |= WordChar | AsciiAlphanumeric;
        }

        for (var c = 'a'; c <= 'f'; c++)
        {
            table[c] |= Hex;
            table[c - 32] |= Hex;
        }

        table['_'] = WordChar;
        foreach (var c in Crypto.Base58.Alphabet)
        {
            table[c] |= Base58;
        }

        foreach (var c in Bech32.Charset)
        {
            table[c] |= Bech32Lower;
            table[char.ToUpperInvariant(c)] |= Bech32Upper;
        }

        return table;
    }
}
