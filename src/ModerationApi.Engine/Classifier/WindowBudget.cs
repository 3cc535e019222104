namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Which of a post's windows the model reads, so that no post costs more than a bounded amount of model time.
/// </summary>
/// <remarks>
/// A window is <em>dense</em> when it tokenises into more than <see cref="DenseTokensPerWord"/> word pieces per word:
/// random base58, hex, long digit runs, base64. Such text costs the model many windows and says nothing the model can
/// read, while its addresses and links are found by the rules, which always scan the whole post. In text order, the
/// model reads every window that is not dense and the first <see cref="MaxDenseWindows"/> dense ones, and at most
/// <see cref="MaxWindows"/> windows in all (more than a 20,000-character post of prose needs).
/// </remarks>
public static class WindowBudget
{
    /// <summary>The most windows the model reads of one post.</summary>
    public const int MaxWindows = 64;

    /// <summary>The most dense windows the model reads of one post.</summary>
    public const int MaxDenseWindows = 4;

    /// <summary>Word pieces per word above which a window is dense (English prose averages about 1.3).</summary>
    public const int DenseTokensPerWord = 3;

    /// <summary>The windows to read, in text order, and their token counts ([CLS] and [SEP] not included).</summary>
    internal static List<(TextWindow Window, int Tokens)> Select(string text, IReadOnlyList<TextWindow> windows, ITokenCounter counter)
    {
        var selected = new List<(TextWindow, int)>(Math.Min(windows.Count, MaxWindows));
        var dense = 0;
        foreach (var window in windows)
        {
            if (selected.Count == MaxWindows)
            {
                break;
            }

            var span = text.AsSpan(window.Start, window.Length);
            var tokens = counter.CountTokens(span);
            if (tokens > DenseTokensPerWord * Math.Max(1, CountWords(span)))
            {
                if (dense == MaxDenseWindows)
                {
                    continue;
                }

                dense++;
            }

            selected.Add((window, tokens));
        }

        return selected;
    }

    private static int CountWords(ReadOnlySpan<char> text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var separator = SentenceSplitter.IsSeparator(c);
            if (!separator && !inWord)
            {
                words++;
            }

            inWord = !separator;
        }

        return words;
    }
}
