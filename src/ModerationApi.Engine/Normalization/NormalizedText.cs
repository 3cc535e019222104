namespace ModerationApi.Engine.Normalization;

/// <summary>
/// A normalised view of a post together with a map from every character of the view back to the original text,
/// so that matches found in <see cref="Text"/> can be reported as spans of <see cref="Original"/>.
/// </summary>
internal sealed class NormalizedText
{
    // Per output char: the [start, end) of Original that produced it. Both arrays are non-decreasing (the
    // normaliser never reorders), which is what lets MapToOriginal answer in O(1). Null means identity.
    private readonly int[]? _starts;
    private readonly int[]? _ends;

    // Null when no transform touched any character, which is the common case for plain text.
    private readonly ushort[]? _flags;

    internal NormalizedText(string original)
    {
        Original = original;
        Text = original;
    }

    internal NormalizedText(string original, string text, int[] starts, int[] ends, ushort[]? flags)
    {
        Original = original;
        Text = text;
        _starts = starts;
        _ends = ends;
        _flags = flags;
    }

    /// <summary>The text as the caller sent it.</summary>
    public string Original { get; }

    /// <summary>The normalised text.</summary>
    public string Text { get; }

    /// <summary>
    /// Maps a span [<paramref name="start"/>, <paramref name="end"/>) of <see cref="Text"/> (end exclusive) to the
    /// smallest span of <see cref="Original"/> that produced it. The result never splits a surrogate pair; an
    /// empty span maps to an empty span just before the original of the character at <paramref name="start"/>
    /// (or at the end of <see cref="Original"/> when <paramref name="start"/> is the end of <see cref="Text"/>).
    /// </summary>
    /// <param name="start">Inclusive start index in <see cref="Text"/>.</param>
    /// <param name="end">Exclusive end index in <see cref="Text"/>.</param>
    /// <returns>The inclusive start and exclusive end in <see cref="Original"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The span is not inside <see cref="Text"/>.</exception>
    public (int Start, int End) MapToOriginal(int start, int end)
    {
        CheckSpan(start, end);
        if (_starts is null || _ends is null)
        {
            return (start, end);
        }

        if (start == end)
        {
            int at = start < Text.Length ? _starts[start] : Original.Length;
            return (at, at);
        }

        return (_starts[start], _ends[end - 1]);
    }

    /// <summary>
    /// The union of the transforms that produced the characters of <see cref="Text"/>[<paramref name="start"/>..
    /// <paramref name="end"/>), including characters removed inside the span or right before it.
    /// </summary>
    /// <param name="start">Inclusive start index in <see cref="Text"/>.</param>
    /// <param name="end">Exclusive end index in <see cref="Text"/>.</param>
    /// <returns>The transforms; <see cref="TextTransforms.None"/> for an empty span.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The span is not inside <see cref="Text"/>.</exception>
    public TextTransforms TransformsIn(int start, int end)
    {
        CheckSpan(start, end);
        if (_flags is null)
        {
            return TextTransforms.None;
        }

        int union = 0;
        foreach (ushort f in _flags.AsSpan(start, end - start))
        {
            union |= f;
        }

        return (TextTransforms)union;
    }

    private void CheckSpan(int start, int end)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(end, Text.Length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start, end);
    }
}
