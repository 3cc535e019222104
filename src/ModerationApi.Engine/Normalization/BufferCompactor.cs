namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Lets an in-place pass drop or merge entries of a <see cref="NormalizationBuffer"/> while moving the untouched
/// stretches between edits with one block copy each, instead of copying entry by entry.
/// </summary>
/// <remarks>
/// Entries [keepStart, r) of the input are untouched and belong at [write, ...) of the output; they are moved only
/// when the next edit happens. The write index never passes the read index, so unread input is never overwritten.
/// </remarks>
internal ref struct BufferCompactor
{
    private readonly Span<char> _chars;
    private readonly Span<int> _starts;
    private readonly Span<int> _ends;
    private readonly Span<ushort> _flags;
    private int _keepStart;
    private int _write;

    internal BufferCompactor(NormalizationBuffer buffer)
    {
        _chars = buffer.Chars.AsSpan(0, buffer.Length);
        _starts = buffer.Starts.AsSpan(0, buffer.Length);
        _ends = buffer.Ends.AsSpan(0, buffer.Length);
        _flags = buffer.Flags.AsSpan(0, buffer.Length);
    }

    /// <summary>Removes input entries [from, to); the caller has already handed their flags on.</summary>
    internal void Drop(int from, int to)
    {
        Flush(from);
        _keepStart = to;
    }

    /// <summary>Replaces input entries [from, to) by one entry.</summary>
    internal void Merge(int from, int to, char c, int start, int end, ushort flags)
    {
        Flush(from);
        _chars[_write] = c;
        _starts[_write] = start;
        _ends[_write] = end;
        _flags[_write] = flags;
        _write++;
        _keepStart = to;
    }

    /// <summary>Replaces input entries [from, to) by the at most to - from chars of <paramref name="replacement"/>.</summary>
    internal void Replace(int from, int to, scoped ReadOnlySpan<char> replacement, int start, int end, ushort flags)
    {
        Flush(from);
        foreach (char c in replacement)
        {
            _chars[_write] = c;
            _starts[_write] = start;
            _ends[_write] = end;
            _flags[_write] = flags;
            _write++;
        }

        _keepStart = to;
    }

    /// <summary>
    /// Removes input entry <paramref name="r"/>, a mark that belongs to the entry before it: that entry's span is
    /// widened to cover it and it takes <paramref name="flags"/>.
    /// </summary>
    internal void Absorb(int r, ushort flags)
    {
        Flush(r);
        if (_write > 0)
        {
            _ends[_write - 1] = Math.Max(_ends[_write - 1], _ends[r]);
            _flags[_write - 1] |= flags;
        }

        _keepStart = r + 1;
    }

    /// <summary>Moves the last untouched stretch and returns the new length.</summary>
    internal int Finish(int length)
    {
        Flush(length);
        return _write;
    }

    private void Flush(int r)
    {
        int count = r - _keepStart;
        if (count > 0 && _write != _keepStart)
        {
            // Overlapping copies are safe: Span.CopyTo has memmove semantics.
            _chars.Slice(_keepStart, count).CopyTo(_chars[_write..]);
            _starts.Slice(_keepStart, count).CopyTo(_starts[_write..]);
            _ends.Slice(_keepStart, count).CopyTo(_ends[_write..]);
            _flags.Slice(_keepStart, count).CopyTo(_flags[_write..]);
        }

        _write += count;
        _keepStart = r;
    }
}
