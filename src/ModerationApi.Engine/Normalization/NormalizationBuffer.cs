using System.Buffers;
using System.Runtime.Intrinsics;
using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// The working copy every pass reads and rewrites: one entry per output char with the original span that produced
/// it and the transforms applied. Passes after the first only shrink or keep the length, so they run in place with
/// a write index that never overtakes the read index.
/// </summary>
internal sealed class NormalizationBuffer : IDisposable
{
    // Only the char array is pooled: the offset and flag arrays are handed to NormalizedText, which has no Dispose
    // to give them back, so they are allocated once (uninitialised, every slot is written before it is read).
    internal char[] Chars;
    internal int[] Starts;
    internal int[] Ends;
    internal ushort[] Flags;
    internal int Length;

    // Flags of characters removed since the last append; they belong to the next char ("removed right before").
    internal ushort Pending;

    // The folded view lower-cases ASCII runs while copying them, and skips the per-char fold pass entirely when
    // nothing else was appended.
    internal readonly bool LowerCaseAscii;
    internal bool HasNonVerbatim;

    internal NormalizationBuffer(int capacity, bool lowerCaseAscii)
    {
        LowerCaseAscii = lowerCaseAscii;
        capacity = Math.Max(capacity, 16);
        Chars = ArrayPool<char>.Shared.Rent(capacity);
        Starts = GC.AllocateUninitializedArray<int>(capacity);
        Ends = GC.AllocateUninitializedArray<int>(capacity);
        Flags = GC.AllocateUninitializedArray<ushort>(capacity);
    }

    internal void Append(char c, int start, int end, ushort flags)
    {
        if (Length == Starts.Length)
        {
            Grow(1);
        }

        HasNonVerbatim = true;
        int i = Length++;
        Chars[i] = c;
        Starts[i] = start;
        Ends[i] = end;
        Flags[i] = (ushort)(flags | Pending);
        Pending = 0;
    }

    /// <summary>Appends <paramref name="source"/>[start..end) one-to-one, e.g. a run of ASCII.</summary>
    internal void AppendVerbatim(ReadOnlySpan<char> source, int start, int end)
    {
        int count = end - start;
        if (Length + count > Starts.Length)
        {
            Grow(count);
        }

        int at = Length;
        if (LowerCaseAscii)
        {
            Ascii.ToLower(source[start..end], Chars.AsSpan(at, count), out _);
        }
        else
        {
            source[start..end].CopyTo(Chars.AsSpan(at));
        }

        FillIdentity(Starts.AsSpan(at, count), start);
        FillIdentity(Ends.AsSpan(at, count), start + 1);
        Flags.AsSpan(at, count).Clear();
        Flags[at] = Pending;
        Pending = 0;
        Length += count;
    }

    /// <summary>Gives trailing removed characters' flags to the last char, as no later char exists to carry them.</summary>
    internal void FlushPending()
    {
        if (Pending != 0 && Length > 0)
        {
            Flags[Length - 1] |= Pending;
        }

        Pending = 0;
    }

    internal NormalizedText ToNormalizedText(string original)
    {
        string text = new(Chars, 0, Length);
        ushort[]? flags = Flags.AsSpan(0, Length).ContainsAnyExcept((ushort)0) ? Flags : null;
        return new NormalizedText(original, text, Starts, Ends, flags);
    }

    public void Dispose()
    {
        char[] chars = Chars;
        Chars = [];
        if (chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Writes first, first + 1, first + 2, ... into <paramref name="target"/>.</summary>
    private static void FillIdentity(Span<int> target, int first)
    {
        int k = 0;
        if (Vector256.IsHardwareAccelerated && target.Length >= Vector256<int>.Count)
        {
            var step = Vector256.Create(Vector256<int>.Count);
            var values = Vector256<int>.Indices + Vector256.Create(first);
            for (; k <= target.Length - Vector256<int>.Count; k += Vector256<int>.Count)
            {
                values.CopyTo(target[k..]);
                values += step;
            }
        }

        for (; k < target.Length; k++)
        {
            target[k] = first + k;
        }
    }

    private void Grow(int extra)
    {
        // Only NFKC expansion (ligatures, U+FDFA and friends) gets here, so doubling is rare.
        int size = Math.Max(Starts.Length * 2, Length + extra);
        char[] chars = ArrayPool<char>.Shared.Rent(size);
        Chars.AsSpan(0, Length).CopyTo(chars);
        ArrayPool<char>.Shared.Return(Chars);
        Chars = chars;
        Array.Resize(ref Starts, size);
        Array.Resize(ref Ends, size);
        Array.Resize(ref Flags, size);
    }
}
