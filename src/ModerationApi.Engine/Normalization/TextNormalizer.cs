using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ModerationApi.Engine.Normalization;

/// <summary>
/// Undoes the obfuscations used to slip propaganda and fundraising appeals past keyword filters, producing views of
/// a post whose every character can be traced back to the original. Stateless and thread-safe: use one instance.
/// </summary>
internal sealed class TextNormalizer
{
    /// <summary>
    /// The canonical view, case preserved, for crypto addresses and URLs: NFKC; zero-width characters, soft hyphens
    /// and bidi controls removed; Cyrillic and Greek look-alikes folded to Latin inside words that mix them with
    /// Latin letters, or that consist only of look-alikes in otherwise Latin text (genuine Russian or Greek is kept).
    /// </summary>
    /// <param name="original">The post as received.</param>
    /// <returns>The canonical view with its offset map; for pure ASCII, the original string itself.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="original"/> is null.</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Injected as a singleton; instance API keeps it replaceable.")]
    public NormalizedText Canonicalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        if (Ascii.IsValid(original))
        {
            // Nothing in the canonical view touches ASCII, so most posts cost one vectorised scan.
            return new NormalizedText(original);
        }

        using var buffer = new NormalizationBuffer(original.Length + (original.Length >> 3), lowerCaseAscii: false);
        RunCanonical(original, buffer);
        return buffer.ToNormalizedText(original);
    }

    /// <summary>
    /// The folded view for lexicon matching: the canonical view, then invariant lower case, Latin diacritics
    /// stripped, Arabic folded (alef and yeh variants, teh marbuta, tatweel, harakat, Arabic-Indic digits), leetspeak
    /// read inside words, spaced or hyphenated single letters joined, runs of three or more identical letters
    /// collapsed and whitespace runs collapsed to one space.
    /// </summary>
    /// <remarks>
    /// Passes run in that order, so <c>M 0 n e r 0</c> is joined before its digits are read as letters, and
    /// <c>d000nate</c> has its zeros read before the repeated letters collapse. Leet digits are read anywhere in a
    /// word that holds a Latin letter, the symbols <c>@ $ ! |</c> only between word chars; single letters are joined
    /// only in runs holding at least three letters. Lower-casing is not recorded as a transform. A removed mark
    /// (harakat, tatweel, stray combining mark) widens the span of the letter before it.
    /// </remarks>
    /// <param name="original">The post as received.</param>
    /// <returns>The folded view with its offset map and the transforms behind every character.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="original"/> is null.</exception>
    [SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "Injected as a singleton; instance API keeps it replaceable.")]
    public NormalizedText Fold(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        using var buffer = new NormalizationBuffer(original.Length + (original.Length >> 3), lowerCaseAscii: true);
        RunCanonical(original, buffer);
        if (buffer.HasNonVerbatim)
        {
            CharFoldPass.Run(buffer);
        }

        SpacingPass.Run(buffer);
        LeetPass.Run(buffer);
        RepeatPass.Run(buffer);
        return buffer.ToNormalizedText(original);
    }

    private static void RunCanonical(string original, NormalizationBuffer buffer)
    {
        if (CanonicalPass.Run(original, buffer))
        {
            ConfusableFolder.Apply(buffer);
        }
    }
}
