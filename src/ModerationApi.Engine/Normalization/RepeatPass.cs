using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Collapses runs of three or more identical letters to one (<c>khilaaaafah</c> becomes <c>khilafah</c>); the
/// kept letter maps to the whole run. Runs in place. Doubled letters stay, as they are ordinary spelling.
/// </summary>
internal static class RepeatPass
{
    internal static void Run(NormalizationBuffer buffer)
    {
        int n = buffer.Length;
        ReadOnlySpan<char> chars = buffer.Chars.AsSpan(0, n);
        int r = FindTriple(chars, 0);
        if (r < 0)
        {
            return;
        }

        ReadOnlySpan<int> starts = buffer.Starts.AsSpan(0, n);
        ReadOnlySpan<int> ends = buffer.Ends.AsSpan(0, n);
        ReadOnlySpan<ushort> flags = buffer.Flags.AsSpan(0, n);
        var compactor = new BufferCompactor(buffer);
        while (r >= 0)
        {
            char c = chars[r];
            int runEnd = r + 3;
            while (runEnd < n && chars[runEnd] == c)
            {
                runEnd++;
            }

            if (c < 0x80 ? CharClass.IsAsciiLetter(c) : char.IsLetter(c))
            {
                ushort runFlags = (ushort)TextTransforms.Repeat;
                foreach (ushort f in flags[r..runEnd])
                {
                    runFlags |= f;
                }

                compactor.Merge(r, runEnd, c, starts[r], ends[runEnd - 1], runFlags);
            }

            r = FindTriple(chars, runEnd);
        }

        buffer.Length = compactor.Finish(n);
    }

    /// <summary>First index at or after <paramref name="from"/> starting three equal chars, or -1.</summary>
    internal static int FindTriple(ReadOnlySpan<char> chars, int from)
    {
        ReadOnlySpan<ushort> u = MemoryMarshal.Cast<char, ushort>(chars);
        int i = from;
        if (Vector128.IsHardwareAccelerated)
        {
            // Triples are rare in real text, so compare eight positions at once and only go scalar near one.
            int width = Vector128<ushort>.Count;
            for (; i + 2 + width <= u.Length; i += width)
            {
                var a = Vector128.Create(u.Slice(i, width));
                var b = Vector128.Create(u.Slice(i + 1, width));
                var c = Vector128.Create(u.Slice(i + 2, width));
                if ((Vector128.Equals(a, b) & Vector128.Equals(b, c)) != Vector128<ushort>.Zero)
                {
                    break;
                }
            }
        }

        for (; i + 2 < u.Length; i++)
        {
            if (u[i] == u[i + 1] && u[i] == u[i + 2])
            {
                return i;
            }
        }

        return -1;
    }
}
