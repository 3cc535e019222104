namespace ModerationApi.Engine.Languages;

/// <summary>
/// The part of a post one model reads: its letters of one script with the text around them, without what renders as
/// nothing (fillers, format characters, variation selectors), padding runs of symbols, or letters of other scripts.
/// Positions in <see cref="Text"/> map back to the text the view was cut from.
/// </summary>
internal sealed class LanguageView
{
    private readonly int[]? _map;

    internal LanguageView(string language, WritingScript script, string text, int[]? map)
    {
        Language = language;
        Script = script;
        Text = text;
        _map = map;
    }

    /// <summary>ISO 639-1 code of the view's language.</summary>
    public string Language { get; }

    /// <summary>The script whose letters the view keeps.</summary>
    public WritingScript Script { get; }

    /// <summary>The text a model reads.</summary>
    public string Text { get; }

    /// <summary>True when the view is the whole source text, unchanged.</summary>
    public bool IsWholeText => _map is null;

    /// <summary>Maps a span of <see cref="Text"/> (end exclusive) to the source text.</summary>
    public (int Start, int End) ToSource(int start, int end)
    {
        if (_map is null)
        {
            return (start, end);
        }

        if (end <= start)
        {
            var at = start < _map.Length ? _map[start] : (_map.Length == 0 ? 0 : _map[^1] + 1);
            return (at, at);
        }

        return (_map[start], _map[end - 1] + 1);
    }
}
