namespace ModerationApi.Engine.Classifier;

/// <summary>A span of a post, in UTF-16 code units: characters <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive).</summary>
/// <param name="Start">Index of the window's first character in the original text.</param>
/// <param name="End">Index just past the window's last character in the original text.</param>
public readonly record struct TextWindow(int Start, int End)
{
    /// <summary>Number of UTF-16 code units in the window.</summary>
    public int Length => End - Start;

    /// <summary>The window's text, cut from the text it was computed on.</summary>
    /// <param name="text">The text the window was computed on.</param>
    /// <returns>The characters from <see cref="Start"/> to <see cref="End"/>.</returns>
    public string Slice(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text[Start..End];
    }
}
