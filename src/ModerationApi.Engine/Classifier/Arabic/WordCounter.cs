namespace ModerationApi.Engine.Classifier.Arabic;

/// <summary>Counts whitespace-separated words: the Arabic model's unit for window sizes.</summary>
internal sealed class WordCounter : ITokenCounter
{
    public static WordCounter Instance { get; } = new();

    public int CountTokens(ReadOnlySpan<char> text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            var space = char.IsWhiteSpace(c);
            if (!space && !inWord)
            {
                count++;
            }

            inWord = !space;
        }

        return count;
    }
}
