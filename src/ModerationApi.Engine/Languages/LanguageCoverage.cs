namespace ModerationApi.Engine.Languages;

/// <summary>A language found in a post, and whether a model read it (otherwise only the rules did).</summary>
/// <param name="Language">ISO 639-1 code (<c>en</c>, <c>ar</c>, <c>fr</c> ...), or <c>und</c> for an undetermined script.</param>
/// <param name="Model">True when a model scored the post's text in this language.</param>
public sealed record LanguageCoverage(string Language, bool Model);
