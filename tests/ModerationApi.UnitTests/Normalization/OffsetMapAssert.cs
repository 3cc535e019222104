using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.Normalization;

/// <summary>Checks the offset-map contract of a <see cref="NormalizedText"/> against its original.</summary>
internal static class OffsetMapAssert
{
    /// <summary>Checks every span; quadratic, so only for short texts.</summary>
    internal static void AllSpansConsistent(NormalizedText result)
    {
        int length = result.Text.Length;
        for (int s = 0; s <= length; s++)
        {
            int previousEnd = -1;
            for (int e = s; e <= length; e++)
            {
                (int os, int oe) = CheckedMap(result, s, e);
                Assert.True(oe >= previousEnd, $"End not monotonic in e at [{s},{e})");
                previousEnd = oe;
            }
        }

        for (int e = 0; e <= length; e++)
        {
            int previousStart = -1;
            for (int s = 0; s <= e; s++)
            {
                (int os, _) = result.MapToOriginal(s, e);
                Assert.True(os >= previousStart, $"Start not monotonic in s at [{s},{e})");
                previousStart = os;
            }
        }
    }

    /// <summary>Checks single chars, empty spans and adjacent spans; linear, for long texts.</summary>
    internal static void LocalSpansConsistent(NormalizedText result)
    {
        int length = result.Text.Length;
        int previousStart = -1;
        int previousEnd = -1;
        for (int s = 0; s < length; s++)
        {
            (int os, int oe) = CheckedMap(result, s, s + 1);
            Assert.True(os >= previousStart && oe >= previousEnd, $"Map not monotonic at {s}");
            CheckedMap(result, s, s);
            previousStart = os;
            previousEnd = oe;
        }

        CheckedMap(result, length, length);
        CheckedMap(result, 0, length);
    }

    /// <summary>
    /// Every output code point no transform touched must come from exactly the same text in the original
    /// (after lower-casing, which the folded view does without a flag).
    /// </summary>
    internal static void UntouchedCharsAreCopies(NormalizedText result, bool lowerCased)
    {
        string text = result.Text;
        for (int k = 0; k < text.Length;)
        {
            int width = char.IsHighSurrogate(text[k]) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]) ? 2 : 1;
            if (result.TransformsIn(k, k + width) == TextTransforms.None)
            {
                (int os, int oe) = result.MapToOriginal(k, k + width);
                string source = result.Original[os..oe];
                Assert.Equal(text.Substring(k, width), lowerCased ? source.ToLowerInvariant() : source);
            }

            k += width;
        }
    }

    private static (int Start, int End) CheckedMap(NormalizedText result, int s, int e)
    {
        (int os, int oe) = result.MapToOriginal(s, e);
        string original = result.Original;
        Assert.InRange(os, 0, original.Length);
        Assert.InRange(oe, os, original.Length);
        Assert.False(SplitsPair(original, os), $"[{s},{e}) starts inside a surrogate pair");
        Assert.False(SplitsPair(original, oe), $"[{s},{e}) ends inside a surrogate pair");
        return (os, oe);
    }

    private static bool SplitsPair(string original, int index) =>
        index > 0 && index < original.Length && char.IsHighSurrogate(original[index - 1]) && char.IsLowSurrogate(original[index]);
}
