namespace ModerationApi.Engine.Pipeline;

/// <summary>The verdicts for a batch of posts, in input order, with what the review queue should get.</summary>
/// <param name="Verdicts">One verdict per post.</param>
/// <param name="Review">Posts to queue for review or to record as decided by the bank; none for posts marked do-not-store.</param>
/// <param name="Counts">Where the verdicts came from.</param>
public sealed record ModerationBatch(IReadOnlyList<Verdict> Verdicts, IReadOnlyList<ReviewCandidate> Review, ModerationCounts Counts);
