using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace ModerationApi.Storage.Review;

/// <summary>Queueing: a flagged post becomes a pending item (or counts up an open one); a post the bank blocked becomes an item the bank confirmed.</summary>
public sealed partial class RedisReviewStore
{
    private const string EnqueueScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then
          local key = ARGV[6] .. existing
          local status = redis.call('HGET', key, 'status')
          if status == 'pending' or status == 'escalated' then
            redis.call('HINCRBY', key, 'occurrences', 1)
            return existing
          end
        end
        if tonumber(redis.call('HGET', KEYS[6], ARGV[7]) or '0') >= tonumber(ARGV[8]) then return '!key' end
        if redis.call('ZCARD', KEYS[5]) + redis.call('ZCARD', KEYS[7]) >= tonumber(ARGV[9]) then return '!total' end
        redis.call('HINCRBY', KEYS[6], ARGV[7], 1)
        redis.call('HSET', KEYS[2], 'summary', ARGV[2], 'data', ARGV[3], 'status', 'pending', 'occurrences', 1)
        redis.call('ZADD', KEYS[3], 0, ARGV[1])
        redis.call('ZADD', KEYS[4], 0, ARGV[4])
        redis.call('ZADD', KEYS[5], 0, ARGV[1])
        redis.call('SET', KEYS[1], ARGV[1])
        return ARGV[1]
        """;

    private const string BankMatchScript = """
        local existing = redis.call('GET', KEYS[1])
        if existing then
          local key = ARGV[5] .. existing
          if redis.call('EXISTS', key) == 1 then
            redis.call('HINCRBY', key, 'occurrences', 1)
            return existing
          end
        end
        redis.call('HSET', KEYS[2], 'summary', ARGV[2], 'data', ARGV[3], 'status', 'confirmed', 'occurrences', 1)
        redis.call('ZADD', KEYS[3], 0, ARGV[1])
        redis.call('ZADD', KEYS[4], 0, ARGV[4])
        redis.call('ZADD', KEYS[5], 0, ARGV[1])
        redis.call('RPUSH', KEYS[6], ARGV[6])
        redis.call('XADD', KEYS[7], '*', 'entry', ARGV[6])
        redis.call('ZADD', KEYS[8], ARGV[7], ARGV[1])
        redis.call('SET', KEYS[1], ARGV[1])
        return ARGV[1]
        """;

    /// <inheritdoc/>
    public async ValueTask<string> EnqueueAsync(NewReviewItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (id, _, summary, data, scoreKey) = PrepareNew(item);
        var result = await Redis.GetDatabase().ScriptEvaluateAsync(
            EnqueueScript,
            [OpenKey(item.ContentHash), ItemKey(id), ByTime, ByScore, StatusKey(ReviewStatus.Pending), OpenCount, StatusKey(ReviewStatus.Escalated)],
            [id, summary, data, scoreKey, string.Empty, ItemPrefix, item.ApiKey, _limits.MaxOpenPerKey, _limits.MaxOpenTotal])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var stored = (string)result!;
        return stored switch
        {
            "!key" => throw new ReviewQueueFullException(perKey: true),
            "!total" => throw new ReviewQueueFullException(perKey: false),
            _ => stored,
        };
    }

    /// <inheritdoc/>
    public async ValueTask<string> RecordBankMatchAsync(NewReviewItem item, string note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(note);
        var (id, receivedAt, summary, data, scoreKey) = PrepareNew(item);
        var audit = new AuditEntry(receivedAt, id, AuditEntry.BankReviewer, ReviewDecision.Confirm, note, ReviewStatus.Pending, ReviewStatus.Confirmed);
        var result = await Redis.GetDatabase().ScriptEvaluateAsync(
            BankMatchScript,
            [ConfirmedKey(item.ContentHash), ItemKey(id), ByTime, ByScore, StatusKey(ReviewStatus.Confirmed), HistoryKey(id), Audit, Decided],
            [id, summary, data, scoreKey, ItemPrefix, JsonSerializer.Serialize(audit, ReviewJson.Options), receivedAt.ToUnixTimeMilliseconds()])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (string)result!;
    }

    // What both ways of storing a new item write: a fresh id, the summary and data JSON, and the by-score key.
    private (string Id, DateTimeOffset ReceivedAt, string Summary, string Data, string ScoreKey) PrepareNew(NewReviewItem item)
    {
        if (!Redis.IsConnected)
        {
            // Fail fast rather than wait in the multiplexer's backlog: moderation is waiting on this call.
            throw new RedisException("Redis is not connected; the review item was not stored.");
        }

        var receivedAt = MemoryReviewStore.Truncate(item.ReceivedAt);
        var id = ReviewIds.New(receivedAt);
        var summary = (item with { ReceivedAt = receivedAt }).ToSummary(id);
        var data = new StoredData(item.Text, item.Verdict, item.ContentHash, item.SimHash.ToString(CultureInfo.InvariantCulture));
        return (id, receivedAt, JsonSerializer.Serialize(StoredSummary.From(summary), ReviewJson.Options),
            JsonSerializer.Serialize(data, ReviewJson.Options), ReviewCursor.KeyOf(ReviewSort.Score, id, summary.TopScore));
    }
}
