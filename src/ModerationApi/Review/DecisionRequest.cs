namespace ModerationApi.Review;

/// <summary>A reviewer's decision. The reviewer is the authenticated API key, never a body field.</summary>
/// <param name="Decision">confirm, dismiss or escalate.</param>
/// <param name="Note">An optional note for the audit log.</param>
public sealed record DecisionRequest(string? Decision, string? Note);
