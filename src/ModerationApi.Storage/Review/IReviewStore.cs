using ModerationApi.Engine.KnownContent;

namespace ModerationApi.Storage.Review;

/// <summary>
/// The review queue, its decisions and audit log, and the bank and allow list that decisions feed. Decisions are
/// atomic: of two concurrent final decisions on one item exactly one is recorded.
/// </summary>
public interface IReviewStore
{
    /// <summary>
    /// Queues a flagged post. When an open (pending or escalated) item already holds the same content hash its
    /// occurrence count goes up instead and its id is returned. Otherwise a new item is stored unless the store's
    /// <see cref="ReviewQueueLimits"/> are reached.
    /// </summary>
    /// <param name="item">The post and its verdict.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the new or existing item.</returns>
    /// <exception cref="ReviewQueueFullException">A new item would exceed the key's or the total cap; nothing was stored.</exception>
    ValueTask<string> EnqueueAsync(NewReviewItem item, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a post the known-content bank blocked as an item that is already confirmed, with one history and audit
    /// entry by <see cref="AuditEntry.BankReviewer"/> carrying <paramref name="note"/> (the matched item and the
    /// similarity). It is not queued and not banked itself. When an item with the same content hash is already
    /// confirmed (by a reviewer or by the bank) its occurrence count goes up instead and its id is returned.
    /// </summary>
    /// <param name="item">The post and its bank verdict.</param>
    /// <param name="note">What the bank matched, for the audit entry.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the new or existing item.</returns>
    ValueTask<string> RecordBankMatchAsync(NewReviewItem item, string note, CancellationToken cancellationToken);

    /// <summary>One item with its history, or null.</summary>
    ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>A page of items.</summary>
    ValueTask<ReviewPage> ListAsync(ReviewQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// Records a decision: updates the status, appends to the item's history and the audit log, and banks
    /// (confirm) or allow-lists (dismiss) the content. Confirmed and dismissed items are final.
    /// </summary>
    ValueTask<DecisionResult> DecideAsync(string id, ReviewDecision decision, string reviewer, string? note, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The audit log, oldest first, optionally limited to a time range (inclusive).</summary>
    IAsyncEnumerable<AuditEntry> ReadAuditAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken);

    /// <summary>Every confirmed or dismissed item, oldest first within each status.</summary>
    IAsyncEnumerable<ReviewItem> ReadDecidedAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Deletes up to <paramref name="max"/> confirmed or dismissed items decided before <paramref name="decidedBefore"/>,
    /// oldest decision first: their text, verdict and history. The audit log, the bank and the allow list keep their
    /// entries (content hashes and item ids, no post text), so the decisions keep acting on re-posts.
    /// </summary>
    /// <returns>How many items were deleted; zero when none older are left.</returns>
    ValueTask<int> PurgeDecidedAsync(DateTimeOffset decidedBefore, int max, CancellationToken cancellationToken);

    /// <summary>The bank and allow list, to load into the in-memory index.</summary>
    ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A number that changes whenever a confirm or dismiss adds to the bank or allow list, so other service instances
    /// sharing the store know when to load again.
    /// </summary>
    ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken);
}
