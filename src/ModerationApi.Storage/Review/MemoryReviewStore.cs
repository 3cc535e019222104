using System.Runtime.CompilerServices;
using ModerationApi.Engine.KnownContent;

namespace ModerationApi.Storage.Review;

/// <summary>
/// The review store in process memory, for running without Redis. Same semantics as <see cref="RedisReviewStore"/>;
/// everything is lost when the process ends.
/// </summary>
public sealed class MemoryReviewStore(ReviewQueueLimits? limits = null) : IReviewStore
{
    private readonly ReviewQueueLimits _limits = limits ?? ReviewQueueLimits.None;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _openByKey = new(StringComparer.Ordinal);
    private int _openTotal;
    private readonly Dictionary<string, Entry> _items = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _byTime = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _byScore = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _confirmed = new(StringComparer.Ordinal);
    private readonly List<AuditEntry> _audit = [];
    private readonly Dictionary<string, KnownContentEntry> _bank = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _allow = new(StringComparer.Ordinal);
    private long _knownVersion;

    /// <inheritdoc/>
    public ValueTask<string> EnqueueAsync(NewReviewItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_open.TryGetValue(item.ContentHash, out var openId) && _items.TryGetValue(openId, out var open) && !ReviewTransitions.IsFinal(open.Summary.Status))
            {
                open.Summary = open.Summary with { Occurrences = open.Summary.Occurrences + 1 };
                return ValueTask.FromResult(openId);
            }

            var openForKey = _openByKey.GetValueOrDefault(item.ApiKey);
            if (openForKey >= _limits.MaxOpenPerKey || _openTotal >= _limits.MaxOpenTotal)
            {
                return ValueTask.FromException<string>(new ReviewQueueFullException(perKey: openForKey >= _limits.MaxOpenPerKey));
            }

            _openByKey[item.ApiKey] = openForKey + 1;
            _openTotal++;
            var receivedAt = Truncate(item.ReceivedAt);
            var id = ReviewIds.New(receivedAt);
            var summary = (item with { ReceivedAt = receivedAt }).ToSummary(id);
            _items[id] = new Entry(summary, item.Text, item.Verdict, item.ContentHash, item.SimHash);
            _byTime.Add(ReviewCursor.KeyOf(ReviewSort.Newest, id, summary.TopScore));
            _byScore.Add(ReviewCursor.KeyOf(ReviewSort.Score, id, summary.TopScore));
            _open[item.ContentHash] = id;
            return ValueTask.FromResult(id);
        }
    }

    /// <inheritdoc/>
    public ValueTask<string> RecordBankMatchAsync(NewReviewItem item, string note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(note);
        lock (_lock)
        {
            if (_confirmed.TryGetValue(item.ContentHash, out var confirmedId) && _items.TryGetValue(confirmedId, out var confirmed))
            {
                confirmed.Summary = confirmed.Summary with { Occurrences = confirmed.Summary.Occurrences + 1 };
                return ValueTask.FromResult(confirmedId);
            }

            var receivedAt = Truncate(item.ReceivedAt);
            var id = ReviewIds.New(receivedAt);
            var summary = (item with { ReceivedAt = receivedAt }).ToSummary(id) with { Status = ReviewStatus.Confirmed };
            var entry = new Entry(summary, item.Text, item.Verdict, item.ContentHash, item.SimHash);
            var audit = new AuditEntry(receivedAt, id, AuditEntry.BankReviewer, ReviewDecision.Confirm, note, ReviewStatus.Pending, ReviewStatus.Confirmed);
            entry.History.Add(audit);
            _audit.Add(audit);
            _items[id] = entry;
            _byTime.Add(ReviewCursor.KeyOf(ReviewSort.Newest, id, summary.TopScore));
            _byScore.Add(ReviewCursor.KeyOf(ReviewSort.Score, id, summary.TopScore));
            _confirmed[item.ContentHash] = id;
            return ValueTask.FromResult(id);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_items.TryGetValue(id, out var entry) ? entry.ToItem() : null);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ReviewPage> ListAsync(ReviewQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            var index = query.Sort == ReviewSort.Newest ? _byTime : _byScore;
            var page = new List<ReviewSummary>(query.Limit);
            var more = false;
            foreach (var key in index.Reverse())
            {
                if (query.After is { } after && string.CompareOrdinal(key, after.Key) >= 0)
                {
                    continue;
                }

                var summary = _items[IdOf(key)].Summary;
                if (!query.Matches(summary))
                {
                    continue;
                }

                if (page.Count == query.Limit)
                {
                    more = true;
                    break;
                }

                page.Add(summary);
            }

            return ValueTask.FromResult(new ReviewPage(page, more ? ReviewCursor.After(query.Sort, page[^1]) : null));
        }
    }

    /// <inheritdoc/>
    public ValueTask<DecisionResult> DecideAsync(string id, ReviewDecision decision, string reviewer, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue(id, out var entry))
            {
                return ValueTask.FromResult(new DecisionResult(DecisionOutcome.NotFound, null));
            }

            var previous = entry.Summary.Status;
            if (ReviewTransitions.IsFinal(previous))
            {
                return ValueTask.FromResult(new DecisionResult(DecisionOutcome.AlreadyFinal, entry.ToItem()));
            }

            var next = ReviewTransitions.StatusAfter(decision);
            var audit = new AuditEntry(at, id, reviewer, decision, note, previous, next);
            entry.Summary = entry.Summary with { Status = next };
            entry.History.Add(audit);
            _audit.Add(audit);
            if (ReviewTransitions.IsFinal(next) && _open.GetValueOrDefault(entry.ContentHash) == id)
            {
                _open.Remove(entry.ContentHash);
            }

            if (ReviewTransitions.IsFinal(next))
            {
                // Open items only become final here, so this is the one place the caps get room back.
                _openTotal--;
                if (_openByKey.TryGetValue(entry.Summary.ApiKey, out var open))
                {
                    if (open <= 1)
                    {
                        _openByKey.Remove(entry.Summary.ApiKey);
                    }
                    else
                    {
                        _openByKey[entry.Summary.ApiKey] = open - 1;
                    }
                }
            }

            if (next == ReviewStatus.Confirmed)
            {
                _confirmed.TryAdd(entry.ContentHash, id);
                _bank.TryAdd(entry.ContentHash, new KnownContentEntry(entry.ContentHash, entry.SimHash, id, entry.Summary.TopLabel));
                _knownVersion++;
            }
            else if (next == ReviewStatus.Dismissed)
            {
                _allow.TryAdd(entry.ContentHash, id);
                _knownVersion++;
            }

            return ValueTask.FromResult(new DecisionResult(DecisionOutcome.Decided, entry.ToItem()));
        }
    }

    /// <inheritdoc/>
    public ValueTask<int> PurgeDecidedAsync(DateTimeOffset decidedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_lock)
        {
            // The last history entry of a final item is its decision.
            var old = _items
                .Where(p => ReviewTransitions.IsFinal(p.Value.Summary.Status) && p.Value.History.Count > 0 && p.Value.History[^1].At < decidedBefore)
                .OrderBy(p => p.Value.History[^1].At)
                .Take(max)
                .ToList();
            foreach (var (id, entry) in old)
            {
                _items.Remove(id);
                _byTime.Remove(ReviewCursor.KeyOf(ReviewSort.Newest, id, entry.Summary.TopScore));
                _byScore.Remove(ReviewCursor.KeyOf(ReviewSort.Score, id, entry.Summary.TopScore));
                if (_confirmed.GetValueOrDefault(entry.ContentHash) == id)
                {
                    _confirmed.Remove(entry.ContentHash);
                }
            }

            return ValueTask.FromResult(old.Count);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        AuditEntry[] snapshot;
        lock (_lock)
        {
            snapshot = [.. _audit];
        }

        foreach (var entry in snapshot)
        {
            if ((from is null || entry.At >= from) && (to is null || entry.At <= to))
            {
                yield return entry;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ReviewItem> ReadDecidedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<ReviewItem> decided;
        lock (_lock)
        {
            decided = [.. _byTime.Select(key => _items[IdOf(key)]).Where(e => ReviewTransitions.IsFinal(e.Summary.Status)).Select(e => e.ToItem())];
        }

        foreach (var item in decided)
        {
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(new KnownContentSnapshot([.. _bank.Values], [.. _allow]));
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_knownVersion);
        }
    }

    internal static DateTimeOffset Truncate(DateTimeOffset at) =>
        DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    private static string IdOf(string key) => key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private sealed class Entry(ReviewSummary summary, string text, Engine.Pipeline.Verdict verdict, string contentHash, ulong simHash)
    {
        public ReviewSummary Summary { get; set; } = summary;

        public string ContentHash { get; } = contentHash;

        public ulong SimHash { get; } = simHash;

        public List<AuditEntry> History { get; } = [];

        public ReviewItem ToItem() => new(Summary, text, verdict, ContentHash, SimHash, [.. History]);
    }
}
