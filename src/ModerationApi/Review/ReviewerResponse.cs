namespace ModerationApi.Review;

/// <summary>Who the presented key is.</summary>
/// <param name="Name">The key's name, as the audit log records it.</param>
/// <param name="Scopes">Its scopes.</param>
public sealed record ReviewerResponse(string Name, IReadOnlyList<string> Scopes);
