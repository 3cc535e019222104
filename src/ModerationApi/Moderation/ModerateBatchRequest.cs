namespace ModerationApi.Moderation;

/// <summary>Up to 256 posts, answered in input order.</summary>
/// <param name="Items">The posts.</param>
public sealed record ModerateBatchRequest(IReadOnlyList<ModerateRequest>? Items);
