using System.Buffers;
using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// First pass of both views: NFKC and removal of zero-width and bidi characters, written into a
/// <see cref="NormalizationBuffer"/> with the original span of every output char.
/// </summary>
/// <remarks>
/// NFKC is applied per segment (a starter plus the characters that may combine with it), never to the whole text:
/// normalising the whole text would lose which input produced which output, and would cost a call into ICU for
/// plain ASCII. Segments are the units NFKC composes and reorders within, so the concatenation equals a whole-text
/// normalisation except past 30 marks on one base (see <see cref="MaxNonStarters"/>).
/// </remarks>
internal static class CanonicalPass
{
    // Longest NFKC expansion of one code point is 18 chars (U+FDFA).
    private const int MaxExpansion = 18;
    private const int StackLimit = 1024;

    // UAX #15 stream-safe text format: at most 30 non-starters follow a starter.
    private const int MaxNonStarters = 30;

    /// <summary>Runs the pass and reports whether any Cyrillic or Greek character reached the output.</summary>
    internal static bool Run(string original, NormalizationBuffer buffer)
    {
        ReadOnlySpan<char> source = original;
        bool cyrillicOrGreek = false;
        int i = 0;
        while (i < source.Length)
        {
            char c = source[i];
            if (c >= 0x80)
            {
                // Inside non-ASCII text (Arabic, Russian) most chars are their own stable segment: one table
                // load for the char and one for the next decide that without building a segment.
                const byte notAlone = CharClass.NfkcUnstable | CharClass.Continuation | CharClass.Special;
                if ((CharClass.Info(c) & notAlone) == 0
                    && (i + 1 == source.Length || source[i + 1] < 0x80
                        || (CharClass.Info(source[i + 1]) & (CharClass.Continuation | CharClass.Special)) == 0))
                {
                    cyrillicOrGreek |= IsCyrillicOrGreek(c);
                    buffer.Append(c, i, i + 1, 0);
                    i++;
                }
                else
                {
                    i = Segment(source, i, buffer, ref cyrillicOrGreek);
                }

                continue;
            }

            int nonAscii = source[i..].IndexOfAnyExceptInRange('\0', '\u007F');
            int asciiEnd = nonAscii < 0 ? source.Length : i + nonAscii;

            // The last ASCII char before a combining mark is that mark's base (e + U+0301 composes to é),
            // so it goes through the slow path with its marks.
            if (asciiEnd < source.Length && ContinuationFollows(source, asciiEnd))
            {
                asciiEnd--;
            }

            if (asciiEnd > i)
            {
                buffer.AppendVerbatim(source, i, asciiEnd);
            }

            i = asciiEnd;
            if (i < source.Length)
            {
                i = Segment(source, i, buffer, ref cyrillicOrGreek);
            }
        }

        buffer.FlushPending();
        return cyrillicOrGreek;
    }

    /// <summary>True when a combining character follows at <paramref name="index"/>, possibly after removable characters.</summary>
    private static bool ContinuationFollows(ReadOnlySpan<char> source, int index)
    {
        while (index < source.Length && CharClass.RemovalFlag(source[index]) != 0)
        {
            index++;
        }

        return index < source.Length && CharClass.IsContinuationAt(source, index);
    }

    /// <summary>Normalises the segment starting at <paramref name="i"/> and returns the index after it.</summary>
    private static int Segment(ReadOnlySpan<char> source, int i, NormalizationBuffer buffer, ref bool cyrillicOrGreek)
    {
        char c = source[i];
        ushort removal = CharClass.RemovalFlag(c);
        if (removal != 0)
        {
            buffer.Pending |= removal;
            return i + 1;
        }

        int k = i + 1;
        if (char.IsSurrogate(c))
        {
            if (!char.IsHighSurrogate(c) || k == source.Length || !char.IsLowSurrogate(source[k]))
            {
                // A lone surrogate cannot be normalised (ICU rejects it); keep it so offsets stay honest.
                buffer.Append(c, i, k, 0);
                return k;
            }

            k++;
        }

        int starterEnd = k;
        int nonStarters = 0;
        int removedCount = 0;
        ushort removedInside = 0;
        while (k < source.Length)
        {
            if (CharClass.RemovalFlag(source[k]) != 0)
            {
                // Zero-width characters between a base and its mark are dropped so the mark still composes;
                // ones not followed by a mark are left for the next segment.
                int m = k;
                ushort flags = 0;
                while (m < source.Length && CharClass.RemovalFlag(source[m]) is var f and not 0)
                {
                    flags |= f;
                    m++;
                }

                if (m == source.Length || !CharClass.IsContinuationAt(source, m))
                {
                    break;
                }

                removedInside |= flags;
                removedCount += m - k;
                k = m;
            }

            if (!CharClass.IsContinuationAt(source, k))
            {
                break;
            }

            if (++nonStarters > MaxNonStarters)
            {
                // Zalgo text: ICU reorders marks by insertion, quadratic in their number, so past the UAX #15
                // stream-safe limit the base goes alone and every mark starts a segment of its own. The same
                // split happens again on the output, which keeps the canonical view idempotent.
                k = starterEnd;
                removedInside = 0;
                removedCount = 0;
                break;
            }

            k += char.IsHighSurrogate(source[k]) ? 2 : 1;
        }

        if (k == i + 1 && removedInside == 0 && CharClass.IsNfkcStable(c))
        {
            cyrillicOrGreek |= IsCyrillicOrGreek(c);
            buffer.Append(c, i, k, 0);
            return k;
        }

        NormalizeSegment(source, i, k, removedInside, removedCount, buffer, ref cyrillicOrGreek);
        return k;
    }

    private static void NormalizeSegment(
        ReadOnlySpan<char> source,
        int start,
        int end,
        ushort removedInside,
        int removedCount,
        NormalizationBuffer buffer,
        ref bool cyrillicOrGreek)
    {
        ReadOnlySpan<char> segment = source[start..end];

        // Room for the kept chars (zero-width ones filtered out) followed by their worst-case expansion.
        int kept = segment.Length - removedCount;
        int size = kept * (MaxExpansion + 1);
        char[]? rented = null;
        Span<char> scratch = size <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(size));
        try
        {
            scoped ReadOnlySpan<char> input = segment;
            if (removedInside != 0)
            {
                int n = 0;
                foreach (char ch in segment)
                {
                    if (CharClass.RemovalFlag(ch) == 0)
                    {
                        scratch[n++] = ch;
                    }
                }

                input = scratch[..n];
            }

            Span<char> output = scratch[kept..size];
            if (!input.TryNormalize(output, out int written, NormalizationForm.FormKC))
            {
                // Unreachable with the 18x bound, but never drop text if ICU disagrees.
                output = input.ToString().Normalize(NormalizationForm.FormKC).ToCharArray();
                written = output.Length;
            }

            ReadOnlySpan<char> normalized = output[..written];
            bool changed = !normalized.SequenceEqual(input);
            if (!changed && removedInside == 0)
            {
                // Marks that did not compose keep their own offsets; a surrogate pair keeps both of its halves.
                for (int k = 0; k < normalized.Length; k++)
                {
                    int width = char.IsSurrogate(normalized[k]) ? 2 : 1;
                    int at = start + (char.IsLowSurrogate(normalized[k]) ? k - 1 : k);
                    cyrillicOrGreek |= IsCyrillicOrGreek(normalized[k]);
                    buffer.Append(normalized[k], at, at + width, 0);
                }

                return;
            }

            ushort flags = (ushort)(removedInside | (changed ? (ushort)TextTransforms.Compatibility : 0));
            foreach (char ch in normalized)
            {
                cyrillicOrGreek |= IsCyrillicOrGreek(ch);
                buffer.Append(ch, start, end, flags);
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static bool IsCyrillicOrGreek(char c) => c is >= '\u0370' and <= '\u052F';
}
