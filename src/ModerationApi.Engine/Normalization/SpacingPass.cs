using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Collapses whitespace runs to one space and joins runs of spaced, hyphenated, dotted or underscored single
/// letters (<c>M o n e r o</c>, <c>K-h-i-l-a-f-a-h</c>, <c>d.a.e.s.h</c>). Runs in place on the folded buffer.
/// </summary>
/// <remarks>
/// A token is a maximal run of chars that are neither whitespace nor a joiner (<c>- . _</c>, dashes, middle dots).
/// A single is a one-char token that is a letter or a leet digit (so <c>M 0 n e r 0</c> joins too). A run is a
/// sequence of singles separated by whitespace with at most one joiner; it is joined when it holds at least three
/// letters, so "I am a cat" and "1 2 3" are left alone.
/// </remarks>
internal static class SpacingPass
{
    private const ushort SpacingFlag = (ushort)TextTransforms.Spacing;
    private const int MinLetters = 3;

    // Long on purpose: a hot single pass over the buffer that finds and joins spaced-out letters in place; the run
    // state lives in locals so the loop allocates nothing.
    internal static void Run(NormalizationBuffer buffer)
    {
        int n = buffer.Length;
        Span<char> chars = buffer.Chars.AsSpan(0, n);
        Span<int> starts = buffer.Starts.AsSpan(0, n);
        Span<int> ends = buffer.Ends.AsSpan(0, n);
        Span<ushort> flags = buffer.Flags.AsSpan(0, n);
        var compactor = new BufferCompactor(buffer);

        // Singles before this index were already found to be in a run too short to join; looking again would
        // make "1 1 1 1 ..." quadratic.
        int noJoinBefore = 0;
        int r = 0;
        while (r < chars.Length)
        {
            // Most of a post needs nothing from this pass; skip to the next place that might, then back to the
            // start of the token holding it (the skipped text stays where it is: the compactor moves it lazily).
            int from = r;
            r = FindInteresting(chars, r);
            if (r == chars.Length)
            {
                break;
            }

            while (r > from && !IsGap(chars[r]) && !IsGap(chars[r - 1]))
            {
                r--;
            }

            char c = chars[r];
            if (CharClass.IsWhiteSpace(c))
            {
                int runStart = r;
                for (r++; r < chars.Length && CharClass.IsWhiteSpace(chars[r]); r++)
                {
                }

                if (r - runStart == 1)
                {
                    if (c != ' ')
                    {
                        chars[runStart] = ' ';
                        flags[runStart] |= SpacingFlag;
                    }

                    continue;
                }

                ushort runFlags = SpacingFlag;
                foreach (ushort f in flags[runStart..r])
                {
                    runFlags |= f;
                }

                compactor.Merge(runStart, r, ' ', starts[runStart], ends[r - 1], runFlags);
                continue;
            }

            if (IsJoiner(c))
            {
                r++;
                continue;
            }

            int tokenEnd = r + 1;
            while (tokenEnd < chars.Length && !IsGap(chars[tokenEnd]))
            {
                tokenEnd++;
            }

            if (tokenEnd == r + 1 && r >= noJoinBefore && IsSingle(c))
            {
                int runEnd = ScanRun(chars, r, out int letters);
                if (letters >= MinLetters)
                {
                    for (; r < runEnd; r++)
                    {
                        if (IsGap(chars[r]))
                        {
                            // The run ends with a single, so a next char always exists to carry the flags.
                            flags[r + 1] |= flags[r];
                            compactor.Drop(r, r + 1);
                        }
                        else
                        {
                            flags[r] |= SpacingFlag;
                        }
                    }

                    continue;
                }

                noJoinBefore = runEnd;
            }

            r = tokenEnd;
        }

        buffer.Length = compactor.Finish(n);
    }

    /// <summary>
    /// From the single at <paramref name="first"/>, finds the end of the run of singles it starts and counts its letters.
    /// </summary>
    private static int ScanRun(ReadOnlySpan<char> chars, int first, out int letters)
    {
        letters = 0;
        int p = first;
        while (true)
        {
            if (char.IsLetter(chars[p]))
            {
                letters++;
            }

            int q = p + 1;
            int joiners = 0;
            for (; q < chars.Length; q++)
            {
                char g = chars[q];
                if (IsJoiner(g))
                {
                    joiners++;
                }
                else if (!CharClass.IsWhiteSpace(g))
                {
                    break;
                }
            }

            // The last single of a run may carry sentence punctuation ("k-h-i-l-a-f-a-h,").
            bool nextIsSingle = q < chars.Length && IsSingle(chars[q]) && (q + 1 == chars.Length || IsGap(chars[q + 1]) || IsClosingPunctuation(chars[q + 1]));
            if (q == p + 1 || joiners > 1 || !nextIsSingle)
            {
                return p + 1;
            }

            p = q;
        }
    }

    private static bool IsClosingPunctuation(char c) => c is ',' or ';' or ':' or '!' or '?' or ')' or '"' or '\'';

    /// <summary>
    /// First index at or after <paramref name="from"/> where the pass may have work: any non-ASCII char, whitespace
    /// other than a lone space, or a one-char token. Errs on the side of stopping (non-ASCII counts as a gap around
    /// a token), as the caller re-checks with the exact rules.
    /// </summary>
    internal static int FindInteresting(ReadOnlySpan<char> chars, int from)
    {
        int i = from;
        if (Vector256.IsHardwareAccelerated && chars.Length - i > Vector256<ushort>.Count)
        {
            // Classify 16 chars per step into bit masks; a char's neighbours are the masks shifted by one, with
            // the char before the block carried over and the char after it read by a second load one further on.
            ref ushort start = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<char, ushort>(chars));
            const int width = 16;
            uint previousGap = i == 0 || GapOrNonAscii(chars[i - 1]) ? 1u : 0u;
            for (; i + width < chars.Length; i += width)
            {
                // In bounds: i + width < length, so [i, i + width] is inside the span.
                var current = Vector256.LoadUnsafe(ref start, (nuint)i);
                var next = Vector256.LoadUnsafe(ref start, (nuint)(i + 1));
                Vector256<ushort> special = NonAscii(current) | ControlWhiteSpace(current);
                Vector256<ushort> space = Vector256.Equals(current, Vector256.Create((ushort)' '));
                Vector256<ushort> nextWhiteSpace = WhiteSpaceOrNonAscii(next);
                uint gap = GapOrNonAscii(current, space | special).ExtractMostSignificantBits();
                uint nextGap = GapOrNonAscii(next, nextWhiteSpace).ExtractMostSignificantBits();
                uint before = (gap << 1) | previousGap;
                previousGap = gap >> (width - 1);
                uint interesting = special.ExtractMostSignificantBits()
                    | (space.ExtractMostSignificantBits() & nextWhiteSpace.ExtractMostSignificantBits())
                    | (~gap & before & nextGap);
                if ((interesting & 0xFFFF) != 0)
                {
                    return i + BitOperations.TrailingZeroCount(interesting);
                }
            }
        }

        for (; i < chars.Length; i++)
        {
            if (IsInteresting(chars, i))
            {
                return i;
            }
        }

        return chars.Length;
    }

    internal static bool IsInteresting(ReadOnlySpan<char> chars, int p)
    {
        char c = chars[p];
        if (c >= 0x80 || (uint)(c - '\t') <= '\r' - '\t')
        {
            return true;
        }

        bool nextAbsent = p + 1 == chars.Length;
        if (c == ' ')
        {
            return !nextAbsent && (chars[p + 1] >= 0x80 || CharClass.IsWhiteSpace(chars[p + 1]));
        }

        return AsciiGap[c] == 0
            && (p == 0 || GapOrNonAscii(chars[p - 1]))
            && (nextAbsent || GapOrNonAscii(chars[p + 1]));
    }

    private static bool GapOrNonAscii(char c) => c >= 0x80 || AsciiGap[c] != 0;

    private static Vector256<ushort> NonAscii(Vector256<ushort> v) =>
        ~Vector256.Equals(v & Vector256.Create((ushort)0xFF80), Vector256<ushort>.Zero);

    private static Vector256<ushort> ControlWhiteSpace(Vector256<ushort> v) =>
        Vector256.LessThanOrEqual(v - Vector256.Create((ushort)'\t'), Vector256.Create((ushort)('\r' - '\t')));

    private static Vector256<ushort> WhiteSpaceOrNonAscii(Vector256<ushort> v) =>
        Vector256.Equals(v, Vector256.Create((ushort)' ')) | ControlWhiteSpace(v) | NonAscii(v);

    private static Vector256<ushort> GapOrNonAscii(Vector256<ushort> v, Vector256<ushort> whiteSpaceOrNonAscii) =>
        whiteSpaceOrNonAscii
        | Vector256.Equals(v, Vector256.Create((ushort)'-'))
        | Vector256.Equals(v, Vector256.Create((ushort)'.'))
        | Vector256.Equals(v, Vector256.Create((ushort)'_'));

    private static bool IsSingle(char c) => char.IsLetter(c) || c is '0' or '1' or '3' or '4' or '5' or '7' or '8';

    // Token scanning is the inner loop of the pass, so ASCII gaps (\t-\r, space, - . _) are one table lookup.
    private static ReadOnlySpan<byte> AsciiGap =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ];

    private static bool IsGap(char c) => c < 0x80 ? AsciiGap[c] != 0 : CharClass.IsWhiteSpace(c) || IsJoiner(c);

    private static bool IsJoiner(char c) =>
        c is '-' or '.' or '_' or '\u00B7' or (>= '\u2010' and <= '\u2015') or '\u2022' or '\u2212' or '\u2219';
}
