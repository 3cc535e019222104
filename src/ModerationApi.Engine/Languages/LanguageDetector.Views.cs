using System.Buffers;
using System.Text;

namespace ModerationApi.Engine.Languages;

/// <summary>Cutting a model's view out of a text: what is removed, and the map back to the text.</summary>
internal static partial class LanguageDetector
{
    /// <summary>
    /// The text with invisible characters, padding runs and letters of other scripts removed (and, for Arabic, links
    /// and mentions, which the Arabic features skip anyway); the map is null when nothing was removed.
    /// </summary>
    // Long on purpose: one pass over pooled buffers that drops and maps characters in place; its cursor and the
    // output length are shared by every case.
    private static (string Text, int[]? Map) BuildView(string text, WritingScript script)
    {
        var chars = ArrayPool<char>.Shared.Rent(text.Length + 1);
        var map = ArrayPool<int>.Shared.Rent(text.Length + 1);
        try
        {
            var length = 0;
            var index = 0;
            var keptLetter = false; // whether the last letter-like char was kept (marks follow it)
            var marks = 0;
            var changed = false;
            while (index < text.Length)
            {
                if (IsTokenStart(text, index) && !char.IsWhiteSpace(text[index])
                    && ((script == WritingScript.Arabic && IsLink(text.AsSpan(index))) || IsForeignToken(text, index, script)))
                {
                    // A word of another script goes with its punctuation, so a window of the view never ends on it.
                    index = TokenEnd(text, index);
                    changed = true;
                    continue;
                }

                Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
                var keep = true;
                if (CharacterScripts.IsInvisible(rune))
                {
                    keep = false;
                }
                else if (CharacterScripts.IsMark(rune))
                {
                    // A mark goes with its letter; a flood of them (zalgo) is cut after two.
                    keep = keptLetter && ++marks <= 2;
                }
                else if (Rune.IsLetter(rune))
                {
                    keep = CharacterScripts.Of(rune) == script;
                    keptLetter = keep;
                    marks = 0;
                }
                else if (!Rune.IsWhiteSpace(rune) && !Rune.IsDigit(rune))
                {
                    var end = PaddingEnd(text, index);
                    if (end > index)
                    {
                        // A symbol flood reads as one space; ASCII punctuation ending the word before it stays.
                        while (index < end && text[index] < 0x80 && char.IsPunctuation(text[index]) && index > 0 && !char.IsWhiteSpace(text[index - 1]))
                        {
                            Append(chars, map, ref length, text[index], index);
                            index++;
                        }

                        Append(chars, map, ref length, ' ', index);
                        index = end;
                        changed = true;
                        keptLetter = false;
                        continue;
                    }

                    keptLetter = true; // emoji keep their modifiers
                    marks = 0;
                }
                else
                {
                    keptLetter = false;
                    marks = 0;
                }

                if (keep)
                {
                    for (var k = 0; k < consumed; k++)
                    {
                        Append(chars, map, ref length, text[index + k], index + k);
                    }
                }
                else
                {
                    changed = true;
                }

                index += consumed;
            }

            return changed ? (new string(chars, 0, length), map.AsSpan(0, length).ToArray()) : (text, null);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<int>.Shared.Return(map);
        }
    }

    // True when the whitespace-delimited token at index has letters, none of them of the view's script.
    private static bool IsForeignToken(string text, int index, WritingScript script)
    {
        var foreign = false;
        while (index < text.Length && !char.IsWhiteSpace(text[index]))
        {
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            if (Rune.IsLetter(rune) && !CharacterScripts.IsInvisible(rune))
            {
                if (CharacterScripts.Of(rune) == script)
                {
                    return false;
                }

                foreign = true;
            }

            index += consumed;
        }

        return foreign;
    }

    private static void Append(char[] chars, int[] map, ref int length, char c, int source)
    {
        chars[length] = c;
        map[length] = source;
        length++;
    }

    // The end of a symbol run starting at index when it is padding (more than PaddingSymbols symbols, whitespace and
    // invisible characters between them allowed, no letter or digit), else index.
    private static int PaddingEnd(string text, int index)
    {
        var symbols = 0;
        var i = index;
        var lastSymbolEnd = index;
        while (i < text.Length)
        {
            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed);
            if (Rune.IsLetterOrDigit(rune))
            {
                break;
            }

            if (!Rune.IsWhiteSpace(rune) && !CharacterScripts.IsInvisible(rune) && !CharacterScripts.IsMark(rune))
            {
                symbols++;
                lastSymbolEnd = i + consumed;
            }

            i += consumed;
        }

        return symbols > PaddingSymbols ? lastSymbolEnd : index;
    }
}
