namespace ModerationApi.Engine.Normalization;

/// <summary>Stable external names of <see cref="TextTransforms"/> values, for API responses and logs.</summary>
internal static class TextTransformNames
{
    // Indexed by bit position; the names are part of the API contract, so they never come from enum.ToString().
    private static readonly string[] Names =
    [
        "compatibility", "zero-width", "bidi", "confusable", "leet", "spacing", "repeat", "arabic", "diacritics",
        "url-decoding",
    ];

    /// <summary>Lists the names of the transforms set in <paramref name="transforms"/>, in flag order.</summary>
    /// <param name="transforms">A combination of transforms; bits without a name are ignored.</param>
    /// <returns>The names, empty for <see cref="TextTransforms.None"/>.</returns>
    public static IReadOnlyList<string> ToNames(TextTransforms transforms)
    {
        if (transforms == TextTransforms.None)
        {
            return [];
        }

        var result = new List<string>(Names.Length);
        for (int bit = 0; bit < Names.Length; bit++)
        {
            if (((int)transforms & (1 << bit)) != 0)
            {
                result.Add(Names[bit]);
            }
        }

        return result;
    }
}
