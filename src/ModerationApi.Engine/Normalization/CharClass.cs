using System.Globalization;
using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>Character classes shared by the normalisation passes.</summary>
internal static class CharClass
{
    // Per BMP char, lazily filled: bit 0 = computed, bit 1 = NFKC changes the char on its own, bit 2 = the char
    // must stay in the same NFKC segment as the char before it. Asking ICU once per distinct char keeps the
    // per-char cost of non-ASCII text to an array load. Races are benign: every writer stores the same value.
    private const byte Known = 1;
    private const byte NfkcUnstable = 2;
    private const byte Continuation = 4;
    private static readonly byte[] BmpInfo = new byte[0x10000];

    /// <summary>Zero-width characters and bidi controls that the canonical view deletes, with the flag to record.</summary>
    internal static ushort RemovalFlag(char c) => c switch
    {
        '\u00AD' or '\u180E' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => (ushort)TextTransforms.ZeroWidth,
        '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => (ushort)TextTransforms.Bidi,
        _ => 0,
    };

    /// <summary>True when NFKC leaves the BMP char unchanged when it stands alone.</summary>
    internal static bool IsNfkcStable(char c) => (Info(c) & NfkcUnstable) == 0;

    /// <summary>
    /// True when the code point at <paramref name="index"/> can combine with what precedes it under NFKC (combining
    /// marks, Hangul medial and final jamo, and compatibility characters that decompose to one of those, such as
    /// halfwidth katakana voicing marks), so it must be normalised together with its base.
    /// </summary>
    internal static bool IsContinuationAt(ReadOnlySpan<char> s, int index)
    {
        char c = s[index];
        if (!char.IsSurrogate(c))
        {
            return (Info(c) & Continuation) != 0;
        }

        if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
        {
            return IsMark(Rune.GetUnicodeCategory(new Rune(c, s[index + 1])));
        }

        return false;
    }

    internal static bool IsMark(UnicodeCategory category) =>
        category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    internal static bool IsMark(char c) => c >= '\u0300' && IsMark(CharUnicodeInfo.GetUnicodeCategory(c));

    internal static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>Letters of the Latin script: ASCII, Latin-1, Extended-A/B, IPA, Extended Additional, -C, -D, -E.</summary>
    internal static bool IsLatinLetter(char c)
    {
        if (c < 0x80)
        {
            return IsAsciiLetter(c);
        }

        bool latinBlock = c is (>= '\u00C0' and <= '\u02AF') or (>= '\u1E00' and <= '\u1EFF')
            or (>= '\u2C60' and <= '\u2C7F') or (>= '\uA720' and <= '\uA7FF') or (>= '\uAB30' and <= '\uAB6F')
            or '\u00AA' or '\u00BA';
        return latinBlock && char.IsLetter(c);
    }

    internal static bool IsWhiteSpace(char c) =>
        c == ' ' || (c < 0x80 ? c is >= '\t' and <= '\r' : char.IsWhiteSpace(c));

    private static byte Info(char c)
    {
        byte info = BmpInfo[c];
        return info != 0 ? info : Compute(c);
    }

    private static byte Compute(char c)
    {
        byte info = Known;
        if (!char.IsSurrogate(c))
        {
            ReadOnlySpan<char> alone = [c];
            char first = c;
            if (!alone.IsNormalized(NormalizationForm.FormKC))
            {
                info |= NfkcUnstable;
                Span<char> folded = stackalloc char[32];
                if (alone.TryNormalize(folded, out int written, NormalizationForm.FormKC) && written > 0)
                {
                    first = folded[0];
                }
            }

            if (IsMark(CharUnicodeInfo.GetUnicodeCategory(c)) || IsMark(CharUnicodeInfo.GetUnicodeCategory(first))
                || IsMedialOrFinalJamo(c) || IsMedialOrFinalJamo(first))
            {
                info |= Continuation;
            }
        }

        BmpInfo[c] = info;
        return info;
    }

    // Hangul vowels and trailing consonants compose with the syllable or leading consonant before them even
    // though they are not marks.
    private static bool IsMedialOrFinalJamo(char c) => c is (>= '\u1160' and <= '\u11FF') or (>= '\uD7B0' and <= '\uD7FF');
}
