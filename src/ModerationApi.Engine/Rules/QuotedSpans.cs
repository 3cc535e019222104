using System.Buffers;

namespace ModerationApi.Engine.Rules;

/// <summary>
/// Finds the stretches of a text that stand between quotation marks: "the line 'your reward is with Allah'", “…”, «…».
/// Straight single quotes double as apostrophes ("don't", "the brothers' families"), so a mark opens only after a space,
/// the start or an opening bracket and before a non-space, and closes only after a non-space and before a space, the end
/// or punctuation. An unclosed mark, or one left open longer than <see cref="LongestQuote"/>, quotes nothing.
/// </summary>
internal static class QuotedSpans
{
    /// <summary>Longer than any slogan or appeal line a post quotes; past it an odd mark is an apostrophe or a typo.</summary>
    public const int LongestQuote = 300;

    private static readonly SearchValues<char> Marks = SearchValues.Create("\"'\u201C\u201D\u201E\u00AB\u00BB\u2018\u2019");

    private static readonly HashSet<string> Elisions = new(
        ["em", "til", "tis", "twas", "cause", "cos", "coz", "bout", "round", "n", "im", "er", "ere", "ello", "ow", "ave", "alf", "nuff", "sup", "fraid"],
        StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ElisionLookup = Elisions.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether <paramref name="text"/> holds any quotation mark at all: most posts do not.</summary>
    public static bool MayQuote(string text) => text.AsSpan().IndexOfAny(Marks) >= 0;

    /// <summary>The quoted stretches of <paramref name="text"/>, marks excluded, in order.</summary>
    public static List<(int Start, int End)> Find(string text)
    {
        var spans = new List<(int, int)>();
        var open = -1;
        var family = Family.None;
        var opener = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var mark = FamilyOf(text[i]);
            if (mark == Family.None)
            {
                continue;
            }

            if (open >= 0 && i - open > LongestQuote)
            {
                open = -1;
            }

            if (open >= 0 && mark == family && ClosesAt(text, i, opener))
            {
                if (i > open + 1)
                {
                    spans.Add((open + 1, i));
                }

                open = -1;
            }
            else if (open < 0 && OpensAt(text, i))
            {
                open = i;
                family = mark;
                opener = text[i];
            }
        }

        return spans;
    }

    /// <summary>Whether <paramref name="start"/>..<paramref name="end"/> lies wholly inside one of <paramref name="spans"/>.</summary>
    /// <param name="spans">Spans as <see cref="Find"/> returns them: in order, none overlapping.</param>
    /// <param name="start">Start of the hit.</param>
    /// <param name="end">End (exclusive) of the hit.</param>
    public static bool Contains(List<(int Start, int End)> spans, int start, int end)
    {
        // The last span starting at or before the hit is the only one that can hold it: a post with thousands of quotes
        // and thousands of hits must not scan every span for every hit.
        int lo = 0, hi = spans.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (spans[mid].Start <= start)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found >= 0 && end <= spans[found].End;
    }

    private enum Family
    {
        None,
        Double,
        Single,
    }

    private static Family FamilyOf(char c) => c switch
    {
        '"' or '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' => Family.Double,
        '\'' or '\u2018' or '\u2019' => Family.Single,
        _ => Family.None,
    };

    private static bool OpensAt(string text, int i)
    {
        if (text[i] is '\u201D' or '\u00BB' or '\u2019')
        {
            return false;
        }

        var before = i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] is '(' or '[' or '{' or ':' or '-' or '\u2014' or '\u2013';
        return before && i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]) && !IsElision(text, i);
    }

    // "Send 'em what you can", "'til it hurts", "back in '19": an apostrophe where letters were left out, not a quote.
    private static bool IsElision(string text, int i)
    {
        if (text[i] is not ('\'' or '\u2018' or '\u2019'))
        {
            return false;
        }

        if (char.IsDigit(text[i + 1]))
        {
            return true;
        }

        var end = i + 1;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        return ElisionLookup.Contains(text.AsSpan(i + 1, end - i - 1));
    }

    // German quotes open low and close with the mark English opens with: „so“.
    private static bool ClosesAt(string text, int i, char opener)
    {
        if (text[i] is '\u00AB' or '\u2018' or '\u201E' || (text[i] == '\u201C' && opener != '\u201E'))
        {
            return false;
        }

        var after = i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1]) || char.IsPunctuation(text[i + 1]);
        return after && i > 0 && !char.IsWhiteSpace(text[i - 1]);
    }
}
