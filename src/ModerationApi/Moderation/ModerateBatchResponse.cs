using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Moderation;

/// <summary>One verdict per item, in the order of the request.</summary>
/// <param name="Results">The verdicts.</param>
public sealed record ModerateBatchResponse(IReadOnlyList<Verdict> Results);
