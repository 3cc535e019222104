using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Storage.Review;

/// <summary>A review item in full.</summary>
/// <param name="Summary">The listing fields.</param>
/// <param name="Text">The post as sent.</param>
/// <param name="Verdict">The verdict as the moderation API returned it.</param>
/// <param name="ContentHash">SHA-256 of the canonical view, lower-case hex.</param>
/// <param name="SimHash">The SimHash of the folded view, for the bank.</param>
/// <param name="History">Decisions on this item, oldest first.</param>
public sealed record ReviewItem(
    ReviewSummary Summary,
    string Text,
    Verdict Verdict,
    string ContentHash,
    ulong SimHash,
    IReadOnlyList<AuditEntry> History)
{
    /// <summary>The item id.</summary>
    public string Id => Summary.Id;

    /// <summary>Where the item stands.</summary>
    public ReviewStatus Status => Summary.Status;

    /// <summary>
    /// True for a re-post the known-content bank blocked and confirmed by itself (its confirmation is the bank's and
    /// its verdict carries bank evidence). No reviewer looked at it, so it is no new training example; a near duplicate
    /// a reviewer decided is.
    /// </summary>
    public bool ConfirmedByBank =>
        Status == ReviewStatus.Confirmed
        && History.Count > 0
        && History[^1].Reviewer == AuditEntry.BankReviewer
        && Verdict.Evidence.Any(e => e.Source == EvidenceSource.Bank);
}
