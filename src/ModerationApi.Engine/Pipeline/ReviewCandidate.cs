namespace ModerationApi.Engine.Pipeline;

/// <summary>A post of a batch that reviewers should see (or that the bank decided, for their records).</summary>
/// <param name="Position">The post's position in the batch.</param>
/// <param name="ContentHash">SHA-256 of the canonical view, lower-case hex: how the review queue groups re-posts.</param>
/// <param name="SimHash">The post's SimHash, kept so a confirmed item can join the bank.</param>
/// <param name="BankNote">
/// Null when the post should be queued for a reviewer; otherwise the bank already blocked the confirmed words again
/// and this says which item and how close, for an item recorded as confirmed by the bank.
/// </param>
public sealed record ReviewCandidate(int Position, string ContentHash, ulong SimHash, string? BankNote);
