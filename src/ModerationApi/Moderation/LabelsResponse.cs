namespace ModerationApi.Moderation;

/// <summary>The labels every verdict scores.</summary>
/// <param name="Labels">In verdict order.</param>
public sealed record LabelsResponse(IReadOnlyList<LabelInfo> Labels);
