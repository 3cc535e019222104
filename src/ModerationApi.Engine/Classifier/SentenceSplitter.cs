namespace ModerationApi.Engine.Classifier;

/// <summary>Splits text into sentences, as UTF-16 spans of the original text trimmed of surrounding whitespace.</summary>
/// <remarks>
/// A sentence ends at a line break, or at a run of terminators (. ! ? … and the Arabic, full-width and ideographic
/// forms) followed by closing quotes or brackets and then whitespace or the end of the text. Requiring the whitespace
/// keeps "3.14", "example.com" and "e.g.x" whole; "Mr. Smith" is split, which costs a window boundary, never a token.
/// Every boundary is at whitespace or after punctuation, so token counts of sentences add up to the count of the text.
/// </remarks>
internal static class SentenceSplitter
{
    public static List<TextWindow> Split(ReadOnlySpan<char> text)
    {
        List<TextWindow> sentences = [];
        int start = 0;
        int index = 0;
        while (index < text.Length)
        {
            char c = text[index];
            if (IsLineBreak(c))
            {
                Add(text, start, index, sentences);
                start = index + 1;
                index++;
                continue;
            }

            if (!IsTerminator(c))
            {
                index++;
                continue;
            }

            int end = index + 1;
            while (end < text.Length && IsTerminator(text[end]))
            {
                end++;
            }

            while (end < text.Length && IsCloser(text[end]))
            {
                end++;
            }

            if (end == text.Length || IsSeparator(text[end]))
            {
                Add(text, start, end, sentences);
                start = end;
            }

            index = end;
        }

        Add(text, start, text.Length, sentences);
        return sentences;
    }

    private static void Add(ReadOnlySpan<char> text, int start, int end, List<TextWindow> sentences)
    {
        while (start < end && IsSeparator(text[start]))
        {
            start++;
        }

        while (end > start && IsSeparator(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            sentences.Add(new TextWindow(start, end));
        }
    }

    /// <summary>
    /// Whitespace as the tokenizer sees it: tab, line feed, carriage return and the non-control white space. Other
    /// control characters that .NET calls white space (vertical tab, form feed, U+0085) are deleted by the tokenizer,
    /// joining the characters around them into one word, so cutting there would change token counts.
    /// </summary>
    public static bool IsSeparator(char c) => c is '\t' or '\n' or '\r' || (char.IsWhiteSpace(c) && !char.IsControl(c));

    private static bool IsLineBreak(char c) => c is '\n' or '\r' or '\u2028' or '\u2029';

    // ؟ Arabic question mark, ۔ Arabic full stop, 。 ideographic full stop, ！ ？ full-width forms.
    private static bool IsTerminator(char c) => c is '.' or '!' or '?' or '…' or '\u061F' or '\u06D4' or '\u3002' or '\uFF01' or '\uFF1F';

    private static bool IsCloser(char c) => c is '"' or '\'' or ')' or ']' or '}' or '»' or '’' or '”' or '›' or '」' or '』' or '）';
}
