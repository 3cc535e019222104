namespace ModerationApi.Engine.Policy;

/// <summary>The outcome for one label.</summary>
/// <param name="Score">0 to 1.</param>
/// <param name="Flagged">True when this label alone calls for review or block.</param>
/// <param name="Severity">The severity band of the score.</param>
public sealed record LabelResult(double Score, bool Flagged, Severity Severity);
