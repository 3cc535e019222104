using System.Text.Json.Serialization;

namespace ModerationApi.Engine.Languages;

/// <summary>A language found in a post, and whether a model read it (otherwise only the rules did).</summary>
/// <param name="Language">ISO 639-1 code (<c>en</c>, <c>ar</c>, <c>fr</c> ...), or <c>und</c> for an undetermined script.</param>
/// <param name="Model">True when a model scored the post's text in this language.</param>
public sealed record LanguageCoverage(string Language, bool Model)
{
    /// <summary>
    /// True when the encoder screen judged this language's text (English) ordinary, so the encoder skipped it:
    /// <see cref="Model"/> is then false and the post was judged by the rules (and the Arabic model, for Arabic text).
    /// Written only when true.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Screened { get; init; }
}
