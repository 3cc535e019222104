using System.Buffers;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Reads leetspeak inside words: <c>d0n@te</c> becomes <c>donate</c>. Runs in place, one char in, one char out.
/// </summary>
/// <remarks>
/// A word here is a maximal run of letters, digits and <c>@ $ ! |</c>; only words containing a Latin letter are
/// rewritten, so numbers (<c>2022</c>, <c>#01</c>) and Arabic or Cyrillic text keep their digits. Digits are read
/// anywhere in such a word, but the symbols only between two word chars, because at the edges they are usually
/// punctuation or handles (<c>donate!</c>, <c>@user</c>, <c>$5</c>).
/// </remarks>
internal static class LeetPass
{
    private const ushort LeetFlag = (ushort)TextTransforms.Leet;
    private static readonly SearchValues<char> Candidates = SearchValues.Create("0134578@$!|");

    internal static void Run(NormalizationBuffer buffer)
    {
        Span<char> chars = buffer.Chars.AsSpan(0, buffer.Length);
        Span<ushort> flags = buffer.Flags.AsSpan(0, buffer.Length);

        // Only words holding a candidate matter, so jump from candidate to candidate with a vectorised search.
        int done = 0;
        while (done < chars.Length)
        {
            int next = chars[done..].IndexOfAny(Candidates);
            if (next < 0)
            {
                return;
            }

            int start = done + next;
            int end = start + 1;
            while (start > done && IsWordChar(chars[start - 1]))
            {
                start--;
            }

            while (end < chars.Length && IsWordChar(chars[end]))
            {
                end++;
            }

            Rewrite(chars[start..end], flags[start..end]);
            done = end;
        }
    }

    private static void Rewrite(Span<char> word, Span<ushort> flags)
    {
        bool latin = false;
        foreach (char c in word)
        {
            latin |= CharClass.IsLatinLetter(c);
        }

        if (!latin)
        {
            return;
        }

        for (int m = 0; m < word.Length; m++)
        {
            bool inside = m > 0 && m < word.Length - 1;
            char letter = word[m] switch
            {
                '0' => 'o',
                '1' => 'i',
                '3' => 'e',
                '4' => 'a',
                '5' => 's',
                '7' => 't',
                '8' => 'b',
                '@' when inside => 'a',
                '$' when inside => 's',
                '!' when inside => 'i',
                '|' when inside => 'l',
                _ => '\0',
            };
            if (letter != '\0')
            {
                word[m] = letter;
                flags[m] |= LeetFlag;
            }
        }
    }

    private static bool IsWordChar(char c) =>
        c < 0x80 ? char.IsAsciiLetterOrDigit(c) || c is '@' or '$' or '!' or '|' : char.IsLetterOrDigit(c);
}
