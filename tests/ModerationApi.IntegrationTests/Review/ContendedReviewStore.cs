using ModerationApi.Engine.KnownContent;
using ModerationApi.Storage.Review;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>
/// A real in-memory store whose decisions always come back <see cref="DecisionOutcome.Contended"/>, as the Redis store
/// answers when other decisions keep changing an item through all its attempts (a race no test can schedule reliably).
/// </summary>
internal sealed class ContendedReviewStore : IReviewStore
{
    private readonly MemoryReviewStore _inner = new();

    public ValueTask<string> EnqueueAsync(NewReviewItem item, CancellationToken cancellationToken) => _inner.EnqueueAsync(item, cancellationToken);

    public ValueTask<string> RecordBankMatchAsync(NewReviewItem item, string note, CancellationToken cancellationToken) =>
        _inner.RecordBankMatchAsync(item, note, cancellationToken);

    public ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken) => _inner.GetAsync(id, cancellationToken);

    public ValueTask<ReviewPage> ListAsync(ReviewQuery query, CancellationToken cancellationToken) => _inner.ListAsync(query, cancellationToken);

    public ValueTask<DecisionResult> DecideAsync(string id, ReviewDecision decision, string reviewer, string? note, DateTimeOffset at, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new DecisionResult(DecisionOutcome.Contended, null));

    public IAsyncEnumerable<AuditEntry> ReadAuditAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        _inner.ReadAuditAsync(from, to, cancellationToken);

    public IAsyncEnumerable<ReviewItem> ReadDecidedAsync(CancellationToken cancellationToken) => _inner.ReadDecidedAsync(cancellationToken);

    public ValueTask<int> PurgeDecidedAsync(DateTimeOffset decidedBefore, int max, CancellationToken cancellationToken) =>
        _inner.PurgeDecidedAsync(decidedBefore, max, cancellationToken);

    public ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken) => _inner.LoadKnownContentAsync(cancellationToken);

    public ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken) => _inner.KnownContentVersionAsync(cancellationToken);
}
