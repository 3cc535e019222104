namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Groups a text's sentences into windows of at most a given number of tokens, so a long post can be scored window by
/// window and the best-scoring windows reported as evidence.
/// </summary>
/// <remarks>
/// Consecutive sentences share a window while their tokens fit. A sentence longer than the budget is cut between words,
/// and a single word longer than the budget is cut between characters. Windows never overlap, and together they cover
/// every non-whitespace character of the text.
/// </remarks>
internal static class SentenceWindows
{
    public static List<TextWindow> Build(string text, int maxTokens, ITokenCounter counter)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 1);
        ArgumentNullException.ThrowIfNull(counter);

        Accumulator windows = new(maxTokens);
        foreach (TextWindow sentence in SentenceSplitter.Split(text))
        {
            int tokens = counter.CountTokens(text.AsSpan(sentence.Start, sentence.Length));
            if (tokens <= maxTokens)
            {
                windows.Add(sentence, tokens);
            }
            else
            {
                AddLongSentence(text, sentence, counter, windows);
            }
        }

        return windows.Finish();
    }

    private static void AddLongSentence(string text, TextWindow sentence, ITokenCounter counter, Accumulator windows)
    {
        windows.Flush();
        int index = sentence.Start;
        while (index < sentence.End)
        {
            while (index < sentence.End && SentenceSplitter.IsSeparator(text[index]))
            {
                index++;
            }

            int wordStart = index;
            while (index < sentence.End && !SentenceSplitter.IsSeparator(text[index]))
            {
                index++;
            }

            if (index == wordStart)
            {
                continue;
            }

            TextWindow word = new(wordStart, index);
            int tokens = counter.CountTokens(text.AsSpan(word.Start, word.Length));
            if (tokens <= windows.MaxTokens)
            {
                windows.Add(word, tokens);
            }
            else
            {
                windows.Flush();
                AddLongWord(text, word, counter, windows);
            }
        }

        // Text after an overlong sentence starts a fresh window rather than topping up its last piece.
        windows.Flush();
    }

    private static void AddLongWord(string text, TextWindow word, ITokenCounter counter, Accumulator windows)
    {
        // Cut points are code-point boundaries, so a surrogate pair is never split.
        List<int> boundaries = [];
        for (int i = word.Start + 1; i < word.End; i++)
        {
            if (!char.IsLowSurrogate(text[i]) || !char.IsHighSurrogate(text[i - 1]))
            {
                boundaries.Add(i);
            }
        }

        boundaries.Add(word.End);

        int start = word.Start;
        int first = 0;
        while (start < word.End)
        {
            // Binary search for a long prefix within the budget. Token counts of prefixes are not strictly monotonic
            // (a cut inside a word changes its pieces), so this finds a good cut, not always the longest; every probe
            // that is kept was checked. One code point is at most one token, so the first boundary always fits.
            int low = first;
            int high = boundaries.Count - 1;
            while (low < high)
            {
                int middle = (low + high + 1) / 2;
                if (counter.CountTokens(text.AsSpan(start, boundaries[middle] - start)) <= windows.MaxTokens)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            int end = boundaries[low];
            windows.Add(new TextWindow(start, end), counter.CountTokens(text.AsSpan(start, end - start)));
            windows.Flush();
            start = end;
            first = low + 1;
        }
    }

    /// <summary>The window being filled and the finished ones.</summary>
    private sealed class Accumulator(int maxTokens)
    {
        private readonly List<TextWindow> _windows = [];
        private TextWindow _current;
        private int _currentTokens;
        private bool _open;

        public int MaxTokens { get; } = maxTokens;

        public void Add(TextWindow span, int tokens)
        {
            if (_open && _currentTokens + tokens <= MaxTokens)
            {
                _current = _current with { End = span.End };
                _currentTokens += tokens;
                return;
            }

            Flush();
            _current = span;
            _currentTokens = tokens;
            _open = true;
        }

        public void Flush()
        {
            if (!_open)
            {
                return;
            }

            // A window without tokens (say, only zero-width characters) would be embedded as [CLS] [SEP] alone and
            // scored as if it were content: it joins the window before it instead.
            if (_currentTokens == 0 && _windows.Count > 0)
            {
                _windows[^1] = _windows[^1] with { End = _current.End };
            }
            else
            {
                _windows.Add(_current);
            }

            _open = false;
        }

        public List<TextWindow> Finish()
        {
            Flush();
            return _windows;
        }
    }
}
