namespace ModerationApi.Rules;

/// <summary>Where the engine finds its data (section <c>Engine</c>). Empty paths mean the files shipped beside the binary.</summary>
internal sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>Folder of <c>*.rules</c> files; default <c>models/rules</c> next to the executable.</summary>
    public string RulesPath { get; set; } = string.Empty;

    /// <summary>Optional folder of sanctions lists (one address per line, one file per asset).</summary>
    public string SanctionsPath { get; set; } = string.Empty;

    public string ResolvedRulesPath => string.IsNullOrWhiteSpace(RulesPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "rules")
        : Path.GetFullPath(RulesPath);

    public string? ResolvedSanctionsPath => string.IsNullOrWhiteSpace(SanctionsPath) ? null : Path.GetFullPath(SanctionsPath);
}
