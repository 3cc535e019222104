using System.Globalization;
using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Per-character part of the folded view: invariant lower case, Latin diacritics stripped, Arabic folding,
/// typographic apostrophes read as <c>'</c>. Runs in place; removed characters (harakat, tatweel, stray combining marks) are absorbed into the char before.
/// </summary>
internal static class CharFoldPass
{
    private const ushort ArabicFlag = (ushort)TextTransforms.Arabic;
    private const ushort DiacriticsFlag = (ushort)TextTransforms.Diacritics;
    private const int LatinCount = 0x0250 - 0x00C0;

    // Base letter of every precomposed Latin letter in U+00C0–U+024F and U+1E00–U+1EFF (itself when NFD gives no
    // base + non-spacing marks). Precomputed because calling ICU per accented letter would dominate French text.
    private static readonly char[] LatinBase = BuildLatinBase();

    internal static void Run(NormalizationBuffer buffer)
    {
        int n = buffer.Length;
        Span<char> chars = buffer.Chars.AsSpan(0, n);
        Span<ushort> flags = buffer.Flags.AsSpan(0, n);
        var compactor = new BufferCompactor(buffer);
        for (int r = 0; r < chars.Length; r++)
        {
            char c = chars[r];
            if (c < 0x80)
            {
                if (char.IsAsciiLetterUpper(c))
                {
                    chars[r] = (char)(c | 0x20);
                }

                continue;
            }

            switch (Classify(ref c))
            {
                case Outcome.Arabic:
                    chars[r] = c;
                    flags[r] |= ArabicFlag;
                    break;
                case Outcome.Diacritic:
                    chars[r] = c;
                    flags[r] |= DiacriticsFlag;
                    break;
                case Outcome.RemoveArabic:
                    Remove(ref compactor, flags, r, ArabicFlag);
                    break;
                case Outcome.RemoveDiacritic:
                    Remove(ref compactor, flags, r, DiacriticsFlag);
                    break;
                case Outcome.Apostrophe:
                    // Phones type U+2019 for every apostrophe; it is typography, not obfuscation, so no transform is recorded.
                    chars[r] = '\'';
                    break;
                case Outcome.SurrogatePair:
                    if (r + 1 < chars.Length && char.IsLowSurrogate(chars[r + 1]))
                    {
                        // Lower-casing a supplementary letter keeps it supplementary, so the pair stays two chars.
                        int lower = Rune.ToLowerInvariant(new Rune(c, chars[r + 1])).Value - 0x10000;
                        chars[r] = (char)(0xD800 + (lower >> 10));
                        chars[r + 1] = (char)(0xDC00 + (lower & 0x3FF));
                        r++;
                    }

                    break;
                default:
                    chars[r] = c;
                    break;
            }
        }

        buffer.Length = compactor.Finish(n);
    }

    /// <summary>
    /// One char folded for readers that fold on the fly (the hashed n-gram features of the Arabic model and the
    /// encoder screen): as the folded view folds it, or -1 when the folded view removes it, except that surrogates and
    /// typographic apostrophes come back unchanged. Both models were trained on features that kept those apostrophes,
    /// so folding them here would move their scores without retraining.
    /// </summary>
    internal static int FoldChar(char c)
    {
        if (c < 0x80)
        {
            return char.IsAsciiLetterUpper(c) ? c | 0x20 : c;
        }

        // Classify leaves an apostrophe as it is and only reports it, so c is still the original char then.
        return Classify(ref c) is Outcome.RemoveArabic or Outcome.RemoveDiacritic ? -1 : c;
    }

    private static void Remove(ref BufferCompactor compactor, Span<ushort> flags, int r, ushort flag)
    {
        // A mark belongs to the letter before it, whose span grows to cover it; the next char is flagged too, as
        // the mark was removed right before it.
        ushort removed = (ushort)(flags[r] | flag);
        compactor.Absorb(r, removed);
        if (r + 1 < flags.Length)
        {
            flags[r + 1] |= removed;
        }
    }

    private enum Outcome
    {
        Keep,
        Arabic,
        Diacritic,
        RemoveArabic,
        RemoveDiacritic,
        Apostrophe,
        SurrogatePair,
    }

    /// <summary>Folds a non-ASCII char in place and says what happened to it.</summary>
    private static Outcome Classify(ref char c)
    {
        switch (c)
        {
            case '\u0622' or '\u0623' or '\u0625' or '\u0671':
                c = '\u0627';
                return Outcome.Arabic;
            case '\u0649':
                c = '\u064A';
                return Outcome.Arabic;
            case '\u0629':
                c = '\u0647';
                return Outcome.Arabic;
            case '\u0640' or (>= '\u064B' and <= '\u0652') or '\u0670':
                return Outcome.RemoveArabic;
            case >= '\u0660' and <= '\u0669':
                c = (char)('0' + (c - '\u0660'));
                return Outcome.Arabic;
            case >= '\u06F0' and <= '\u06F9':
                c = (char)('0' + (c - '\u06F0'));
                return Outcome.Arabic;
            case (>= '\u0300' and <= '\u036F') or (>= '\u1AB0' and <= '\u1AFF') or (>= '\u1DC0' and <= '\u1DFF')
                or (>= '\u20D0' and <= '\u20FF') or (>= '\uFE20' and <= '\uFE2F'):
                // Generic combining diacritics left over after NFKC had nothing to compose them with (zalgo text).
                return Outcome.RemoveDiacritic;
            case (>= '\u00C0' and <= '\u024F') or (>= '\u1E00' and <= '\u1EFF'):
                char letter = LatinBase[c < '\u1E00' ? c - '\u00C0' : c - '\u1E00' + LatinCount];
                bool stripped = letter != c;
                c = CharClass.ToLowerInvariant(letter);
                return stripped ? Outcome.Diacritic : Outcome.Keep;
            case '\u2018' or '\u2019' or '\u201B' or '\u02BC' or '\u2032':
                // Left and right single quotation marks, the reversed one, the modifier letter apostrophe and the prime
                // all stand for the apostrophe of "movement's" in typed text.
                return Outcome.Apostrophe;
            case >= '\uD800' and <= '\uDBFF':
                return Outcome.SurrogatePair;
            default:
                c = CharClass.ToLowerInvariant(c);
                return Outcome.Keep;
        }
    }

    private static char[] BuildLatinBase()
    {
        var table = new char[LatinCount + 0x100];
        for (int i = 0; i < table.Length; i++)
        {
            char c = (char)(i < LatinCount ? 0x00C0 + i : 0x1E00 + i - LatinCount);
            table[i] = c;
            string decomposed = c.ToString().Normalize(NormalizationForm.FormD);
            if (decomposed.Length < 2 || decomposed[0] >= 0x0250)
            {
                continue;
            }

            bool marksOnly = true;
            for (int k = 1; k < decomposed.Length; k++)
            {
                marksOnly &= CharUnicodeInfo.GetUnicodeCategory(decomposed[k]) == UnicodeCategory.NonSpacingMark;
            }

            if (marksOnly)
            {
                table[i] = decomposed[0];
            }
        }

        return table;
    }
}
