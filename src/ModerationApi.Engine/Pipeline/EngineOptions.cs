namespace ModerationApi.Engine.Pipeline;

/// <summary>Where the engine finds its data (section <c>Engine</c>). Empty paths mean the files shipped beside the binary.</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "Engine";

    /// <summary>Folder of <c>*.rules</c> files; default <c>models/rules</c> next to the executable.</summary>
    public string RulesPath { get; set; } = string.Empty;

    /// <summary>Optional folder of sanctions lists (one address per line, one file per asset).</summary>
    public string SanctionsPath { get; set; } = string.Empty;

    /// <summary><see cref="RulesPath"/> made absolute, or the shipped rules.</summary>
    public string ResolvedRulesPath => string.IsNullOrWhiteSpace(RulesPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "rules")
        : Path.GetFullPath(RulesPath);

    /// <summary><see cref="SanctionsPath"/> made absolute, or null for none.</summary>
    public string? ResolvedSanctionsPath => string.IsNullOrWhiteSpace(SanctionsPath) ? null : Path.GetFullPath(SanctionsPath);
}
