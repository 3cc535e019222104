using System.Globalization;
using System.Text;

namespace ModerationApi.Engine.Languages;

/// <summary>Which script a character belongs to, and which characters render as nothing.</summary>
internal static class CharacterScripts
{
    /// <summary>The script of a letter; <see cref="WritingScript.Other"/> for anything else.</summary>
    public static WritingScript Of(Rune rune)
    {
        var v = rune.Value;
        if (!Rune.IsLetter(rune))
        {
            return WritingScript.Other;
        }

        return v switch
        {
            < 0x0250 or (>= 0x1E00 and <= 0x1EFF) or (>= 0x2C60 and <= 0x2C7F) or (>= 0xA720 and <= 0xA7FF) => WritingScript.Latin,
            (>= 0x0600 and <= 0x06FF) or (>= 0x0750 and <= 0x077F) or (>= 0x0870 and <= 0x08FF)
                or (>= 0xFB50 and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) => WritingScript.Arabic,
            >= 0x0400 and <= 0x052F => WritingScript.Cyrillic,
            >= 0x0370 and <= 0x03FF => WritingScript.Greek,
            >= 0x0590 and <= 0x05FF => WritingScript.Hebrew,
            (>= 0x4E00 and <= 0x9FFF) or (>= 0x3400 and <= 0x4DBF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x2FFFF) => WritingScript.Han,
            (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF) => WritingScript.Kana,
            (>= 0xAC00 and <= 0xD7AF) or (>= 0x1100 and <= 0x11FF) or (>= 0x3130 and <= 0x318F) => WritingScript.Hangul,
            >= 0x0900 and <= 0x097F => WritingScript.Devanagari,
            >= 0x0E00 and <= 0x0E7F => WritingScript.Thai,
            _ => WritingScript.Other,
        };
    }

    /// <summary>
    /// Characters that render as nothing or as blank space while not being whitespace, so they can pad a post
    /// invisibly: Hangul fillers, the braille blank, format characters (zero-width, bidi, tags), variation selectors,
    /// the combining grapheme joiner.
    /// </summary>
    public static bool IsInvisible(Rune rune)
    {
        var v = rune.Value;
        return v is 0x3164 or 0x115F or 0x1160 or 0xFFA0 or 0x2800 or 0x034F or 0x180E
            || (v >= 0xFE00 && v <= 0xFE0F)
            || (v >= 0xE0100 && v <= 0xE01EF)
            || Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format;
    }

    /// <summary>True for combining marks (they belong to the character before them).</summary>
    public static bool IsMark(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark;
}
