using ModerationApi.Engine.Policy;

namespace ModerationApi.Moderation;

/// <summary>A label, what it means and its thresholds.</summary>
/// <param name="Name">The label as it appears in verdicts.</param>
/// <param name="Description">What it means.</param>
/// <param name="Thresholds">Severity and action thresholds in force.</param>
public sealed record LabelInfo(string Name, string Description, LabelThresholds Thresholds);
