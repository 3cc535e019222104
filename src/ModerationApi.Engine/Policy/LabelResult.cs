namespace ModerationApi.Engine.Policy;

/// <summary>The outcome for one label.</summary>
/// <param name="Score">0 to 1.</param>
/// <param name="Flagged">
/// True when the label describes the post: its score calls for review or block, or reaches the label's
/// <see cref="LabelThresholds.FlagAt"/> (a crypto donation request is flagged although it is allowed).
/// </param>
/// <param name="Severity">The severity band of the score.</param>
public sealed record LabelResult(double Score, bool Flagged, Severity Severity);
