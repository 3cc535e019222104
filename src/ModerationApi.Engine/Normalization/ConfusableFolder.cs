using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Folds Cyrillic and Greek look-alikes of Latin letters to Latin, without touching genuine Russian or Greek.
/// </summary>
/// <remarks>
/// A word is a maximal run of letters, digits and combining marks. Its look-alikes are folded when either
/// <list type="number">
/// <item>the word also contains a Latin letter: mixing scripts inside one word does not happen in honest text
/// (<c>dаеsh</c> with Cyrillic а and е), so its look-alikes fold even if other Cyrillic letters are present, or</item>
/// <item>every letter of the word is a look-alike, the text contains Latin letters elsewhere, and the text
/// contains no Cyrillic or Greek letter outside the look-alike table: a lone all-look-alike word inside Latin
/// text (<c>donate to ԁаеѕһ</c>).</item>
/// </list>
/// Rule 2 keeps <c>сахар</c> alone, or in any sentence with a real Cyrillic letter (<c>сахар и соль</c>), intact.
/// Both rules depend only on properties folding cannot change, and a folded letter is recomposed with the marks
/// after it, so the canonical view is idempotent.
/// </remarks>
internal static class ConfusableFolder
{
    private const char First = '\u0370';
    private const char Last = '\u052F';

    // Pairs of (look-alike, Latin). Case is preserved: the canonical view keeps case for addresses and URLs.
    private const string Pairs =
        "аaеeоoрpсcуyхxіiјjѕsԁdԛqԝwһhӏlүyѵv" +
        "АAВBЕEКKМMНHОOРPСCТTХXЅSІIЈJУYҮYԚQԜWӀI" +
        "ΑAΒBΕEΖZΗHΙIΚKΜMΝNΟOΡPΤTΥYΧX" +
        "οoνvαaιiρpκkυuϲcϳj";

    private static readonly char[] Table = BuildTable();

    /// <summary>Folds look-alikes in the first <see cref="NormalizationBuffer.Length"/> chars of the buffer in place.</summary>
    // Long on purpose: a hot in-place pass (surrogate pairs, combining marks, table lookups) with its state in locals.
    internal static void Apply(NormalizationBuffer buffer)
    {
        Span<char> chars = buffer.Chars.AsSpan(0, buffer.Length);
        bool textHasGenuine = HasGenuineCyrillicOrGreek(chars);
        int textHasLatin = -1; // computed only if a word of pure look-alikes turns up
        bool foldedBeforeMark = false;

        // Only words holding a Cyrillic or Greek char can change; jump between them with a vectorised search.
        int done = 0;
        while (done < chars.Length)
        {
            int next = chars[done..].IndexOfAnyInRange(First, Last);
            if (next < 0)
            {
                break;
            }

            int start = done + next;
            int end = start + 1;
            while (start > done && CharClass.IsWordChar(chars[start - 1]))
            {
                start--;
            }

            while (end < chars.Length && CharClass.IsWordChar(chars[end]))
            {
                end++;
            }

            done = end;
            bool latin = false;
            bool lookAlike = false;
            bool otherLetter = false;
            foreach (char c in chars[start..end])
            {
                if (CharClass.IsLatinLetter(c))
                {
                    latin = true;
                }
                else if (LatinFor(c) != '\0')
                {
                    lookAlike = true;
                }
                else if (char.IsLetter(c))
                {
                    otherLetter = true;
                }
            }

            if (!lookAlike || (!latin && (otherLetter || textHasGenuine)))
            {
                continue;
            }

            if (!latin)
            {
                if (textHasLatin < 0)
                {
                    textHasLatin = HasLatinLetter(chars) ? 1 : 0;
                }

                if (textHasLatin == 0)
                {
                    continue;
                }
            }

            for (int m = start; m < end; m++)
            {
                char latinChar = LatinFor(chars[m]);
                if (latinChar != '\0')
                {
                    chars[m] = latinChar;
                    buffer.Flags[m] |= (ushort)TextTransforms.Confusable;
                    foldedBeforeMark |= m + 1 < chars.Length && CharClass.IsContinuationAt(chars, m + 1);
                }
            }
        }

        if (foldedBeforeMark)
        {
            Recompose(buffer);
        }
    }

    /// <summary>
    /// A folded letter may now compose with the marks after it (Greek Ε + cedilla has no precomposed form, Latin
    /// E + cedilla is Ȩ), so those segments are normalised again; otherwise the canonical view would not be
    /// idempotent. Composition only shortens, so this runs in place.
    /// </summary>
    private static void Recompose(NormalizationBuffer buffer)
    {
        ReadOnlySpan<char> chars = buffer.Chars.AsSpan(0, buffer.Length);
        ReadOnlySpan<ushort> flags = buffer.Flags.AsSpan(0, buffer.Length);
        var compactor = new BufferCompactor(buffer);
        Span<char> composed = stackalloc char[64];
        int k = 0;
        while (k < chars.Length)
        {
            int start = k++;
            if ((flags[start] & (ushort)TextTransforms.Confusable) == 0)
            {
                continue;
            }

            while (k < chars.Length && CharClass.IsContinuationAt(chars, k))
            {
                k++;
            }

            ReadOnlySpan<char> segment = chars[start..k];
            if (segment.Length == 1 || segment.Length > composed.Length
                || !segment.TryNormalize(composed, out int written, NormalizationForm.FormKC)
                || segment.SequenceEqual(composed[..written]))
            {
                continue;
            }

            ushort merged = (ushort)TextTransforms.Compatibility;
            foreach (ushort f in flags[start..k])
            {
                merged |= f;
            }

            compactor.Replace(start, k, composed[..written], buffer.Starts[start], buffer.Ends[k - 1], merged);
        }

        buffer.Length = compactor.Finish(buffer.Length);
    }

    /// <summary>The Latin letter <paramref name="c"/> imitates, or <c>'\0'</c>.</summary>
    internal static char LatinFor(char c) => c is >= First and <= Last ? Table[c - First] : '\0';

    private static bool HasGenuineCyrillicOrGreek(ReadOnlySpan<char> chars)
    {
        for (int k = chars.IndexOfAnyInRange(First, Last); k >= 0; k = NextInRange(chars, k + 1))
        {
            if (Table[chars[k] - First] == '\0' && char.IsLetter(chars[k]))
            {
                return true;
            }
        }

        return false;
    }

    private static int NextInRange(ReadOnlySpan<char> chars, int from)
    {
        int next = chars[from..].IndexOfAnyInRange(First, Last);
        return next < 0 ? -1 : from + next;
    }

    private static bool HasLatinLetter(ReadOnlySpan<char> chars)
    {
        if (chars.IndexOfAnyInRange('a', 'z') >= 0 || chars.IndexOfAnyInRange('A', 'Z') >= 0)
        {
            return true;
        }

        foreach (char c in chars)
        {
            if (c >= 0x80 && CharClass.IsLatinLetter(c))
            {
                return true;
            }
        }

        return false;
    }


    private static char[] BuildTable()
    {
        var table = new char[Last - First + 1];
        for (int i = 0; i < Pairs.Length; i += 2)
        {
            table[Pairs[i] - First] = Pairs[i + 1];
        }

        return table;
    }
}
