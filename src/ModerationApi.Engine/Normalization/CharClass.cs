using System.Globalization;
using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>Character classes shared by the normalisation passes.</summary>
internal static class CharClass
{
    /// <summary>NFKC changes the char on its own.</summary>
    internal const byte NfkcUnstable = 2;

    /// <summary>The char must stay in the same NFKC segment as the char before it.</summary>
    internal const byte Continuation = 4;

    /// <summary>A surrogate or a char the canonical view removes: never takes the one-char fast path.</summary>
    internal const byte Special = 8;

    private const byte Known = 1;
    private const byte WordChar = 16;
    private const byte Latin = 32;

    // Per BMP char, filled on first sight with the bits above. Asking ICU and the category tables once per distinct
    // char keeps the per-char cost of non-ASCII text to an array load. Races are benign: every writer stores the
    // same value.
    private static readonly byte[] BmpInfo = new byte[0x10000];

    // Same idea for lower case: char.ToLowerInvariant goes to ICU for non-ASCII, about 10 ns a char.
    private static readonly char[] LowerCache = new char[0x10000];

    /// <summary>Zero-width characters and bidi controls that the canonical view deletes, with the flag to record.</summary>
    internal static ushort RemovalFlag(char c) => c switch
    {
        '\u00AD' or '\u180E' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' => (ushort)TextTransforms.ZeroWidth,
        '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') => (ushort)TextTransforms.Bidi,
        _ => 0,
    };

    /// <summary>The cached class bits of a BMP char.</summary>
    internal static byte Info(char c)
    {
        byte info = BmpInfo[c];
        return info != 0 ? info : Compute(c);
    }

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

    internal static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

    /// <summary>Letters of the Latin script: ASCII, Latin-1, Extended-A/B, IPA, Extended Additional, -C, -D, -E.</summary>
    internal static bool IsLatinLetter(char c) => c < 0x80 ? IsAsciiLetter(c) : (Info(c) & Latin) != 0;

    /// <summary>Letter, digit or combining mark: part of a word for the confusable rule.</summary>
    internal static bool IsWordChar(char c) => c < 0x80 ? char.IsAsciiLetterOrDigit(c) : (Info(c) & WordChar) != 0;

    internal static bool IsWhiteSpace(char c) =>
        c == ' ' || (c < 0x80 ? c is >= '\t' and <= '\r' : char.IsWhiteSpace(c));

    /// <summary>Invariant lower case of a BMP char.</summary>
    internal static char ToLowerInvariant(char c)
    {
        char lower = LowerCache[c];
        if (lower == '\0')
        {
            lower = char.ToLowerInvariant(c);
            LowerCache[c] = lower;
        }

        return lower;
    }

    private static byte Compute(char c)
    {
        byte info = Known;
        UnicodeCategory category = CharUnicodeInfo.GetUnicodeCategory(c);
        if (char.IsSurrogate(c) || RemovalFlag(c) != 0)
        {
            info |= Special;
        }

        if (char.IsLetterOrDigit(c) || IsMark(category))
        {
            info |= WordChar;
        }

        bool latinBlock = c is (>= '\u00C0' and <= '\u02AF') or (>= '\u1E00' and <= '\u1EFF')
            or (>= '\u2C60' and <= '\u2C7F') or (>= '\uA720' and <= '\uA7FF') or (>= '\uAB30' and <= '\uAB6F')
            or '\u00AA' or '\u00BA';
        if (latinBlock && char.IsLetter(c))
        {
            info |= Latin;
        }

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

            if (IsMark(category) || IsMark(CharUnicodeInfo.GetUnicodeCategory(first))
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
