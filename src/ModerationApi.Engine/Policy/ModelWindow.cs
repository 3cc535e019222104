namespace ModerationApi.Engine.Policy;

/// <summary>A scored window of a post.</summary>
/// <param name="Label">The model label.</param>
/// <param name="Start">Start in the canonical view.</param>
/// <param name="End">End (exclusive) in the canonical view.</param>
/// <param name="Score">The window's score for that label.</param>
public sealed record ModelWindow(string Label, int Start, int End, double Score);
