using System.Numerics;

namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// A 64-bit SimHash of a post's words, for finding re-posts of known content with small edits. Feed it the folded
/// view (<see cref="Normalization.TextNormalizer.Fold"/>) so case, diacritics, leetspeak, look-alikes and spacing
/// tricks are already undone.
/// </summary>
/// <remarks>
/// Features are the words (runs of letters and digits) and the pairs of adjacent words, so both vocabulary and word
/// order count. Hashtags and mentions (a word right after <c>#</c> or <c>@</c>), emoji, punctuation and symbols are not
/// features at all: re-posting with a few tags or emoji added gives the same hash. A changed word in a long post
/// moves only a few bits; unrelated posts differ in about half of them.
/// </remarks>
internal static class SimHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>
    /// The SimHash of a post as sent: its folded view, read after exclamation marks become spaces. The folded view
    /// reads <c>!</c> after a letter as leetspeak for <c>i</c>, so "dawlah!!!" would be another word than "dawlah";
    /// for fingerprints, emphasis must not change the words.
    /// </summary>
    /// <param name="normalizer">The normaliser.</param>
    /// <param name="original">The post as sent.</param>
    /// <returns>The 64-bit fingerprint.</returns>
    public static ulong OfPost(Normalization.TextNormalizer normalizer, string original)
    {
        return Compute(FoldPost(normalizer, original));
    }

    /// <summary>The SimHash of <paramref name="folded"/>; 0 for a text without words.</summary>
    /// <param name="folded">The folded view of the post.</param>
    /// <returns>The 64-bit fingerprint.</returns>
    public static ulong Compute(ReadOnlySpan<char> folded)
    {
        Span<int> weights = stackalloc int[64];
        weights.Clear();
        var reader = new WordFeatures(folded);
        while (reader.TryRead(out var feature))
        {
            Add(weights, feature);
        }

        return reader.Words == 0 ? 0 : Sign(weights);
    }

    // The folded view both OfPost methods read; see OfPost for why exclamation marks go first.
    internal static string FoldPost(Normalization.TextNormalizer normalizer, string original)
    {
        ArgumentNullException.ThrowIfNull(normalizer);
        ArgumentNullException.ThrowIfNull(original);
        var text = original.Contains('!', StringComparison.Ordinal) ? original.Replace('!', ' ') : original;
        return normalizer.Fold(text).Text;
    }

    /// <summary>The number of bits in which two fingerprints differ.</summary>
    /// <param name="a">One fingerprint.</param>
    /// <param name="b">The other.</param>
    /// <returns>0 to 64.</returns>
    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    // Letters, digits and the combining marks that belong to them; an apostrophe inside a word ("don't") is kept so a
    // contraction stays one feature (the folded view has already read typographic apostrophes as ASCII ones).
    internal static bool IsWordChar(ReadOnlySpan<char> s, int i)
    {
        var c = s[i];
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        if (c == '\'')
        {
            return i + 1 < s.Length && char.IsLetterOrDigit(s[i + 1]);
        }

        var category = char.GetUnicodeCategory(c);
        return category is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;
    }

    internal static ulong WordHash(ReadOnlySpan<char> word)
    {
        var hash = FnvOffset;
        foreach (var c in word)
        {
            if (c == '\'')
            {
                continue;
            }

            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }

    internal static ulong PairHash(ulong previous, ulong word) => (previous * 0x9E3779B97F4A7C15UL) ^ word;

    // SplitMix64's finaliser: FNV's low bits are weak and every bit of the feature hash votes.
    internal static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    // Bit b of the SimHash is set where the features voting 1 outnumber those voting 0.
    internal static ulong Sign(ReadOnlySpan<int> weights)
    {
        ulong hash = 0;
        for (var bit = 0; bit < 64; bit++)
        {
            if (weights[bit] > 0)
            {
                hash |= 1UL << bit;
            }
        }

        return hash;
    }

    internal static void Add(Span<int> weights, ulong featureHash)
    {
        for (var bit = 0; bit < 64; bit++)
        {
            weights[bit] += ((featureHash >> bit) & 1) == 1 ? 1 : -1;
        }
    }
}
