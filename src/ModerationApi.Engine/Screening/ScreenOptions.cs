using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Engine.Screening;

/// <summary>
/// The encoder screen (section <c>Screen</c>): a cheap model that lets posts it judges ordinary skip the English
/// encoder. On by default; off restores the full pipeline's verdicts exactly.
/// </summary>
public sealed class ScreenOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "Screen";

    /// <summary>Screen posts before the encoder (only when the model runs at all).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The screen model; default <c>models/screen/screen.bin</c> next to the executable.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>
    /// Posts whose screen probability is below this skip the encoder; null uses the threshold calibrated in the model
    /// file (no miss among held-out posts where the encoder mattered). Lower is safer and slower.
    /// </summary>
    [Range(0.0, 1.0)]
    public double? Threshold { get; set; }

    /// <summary><see cref="ModelPath"/> made absolute, or the shipped screen.</summary>
    public string ResolvedModelPath => string.IsNullOrWhiteSpace(ModelPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "screen", "screen.bin")
        : Path.GetFullPath(ModelPath);
}
