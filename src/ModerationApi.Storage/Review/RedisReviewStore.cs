using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Pipeline;
using StackExchange.Redis;

namespace ModerationApi.Storage.Review;

/// <summary>
/// The review store on Redis. Each item is a hash (<c>review:item:{id}</c>: the immutable summary and data as JSON, the
/// status and the occurrence count); listings page through lexicographic sorted sets (all items by id, which sorts by
/// time; all items by score; one set per status); an open content hash points at its item for dedupe; decisions go to
/// the item's history list and to the append-only audit stream <c>review:audit</c>; the bank and the allow list are
/// hashes keyed by content hash; a confirmed content hash points at its item, so re-posts the bank blocks count up; open items are counted per API key
/// for the caps in <see cref="ReviewQueueLimits"/>. Enqueue and decide are Lua scripts, so every index changes with the item or not at
/// all, and a decision on an item another reviewer just finalised is refused.
/// </summary>
/// <remarks>Calls throw <see cref="RedisException"/> or <see cref="TimeoutException"/> when Redis is unavailable.</remarks>
public sealed class RedisReviewStore(IConnectionMultiplexer redis, string prefix = "review:", ReviewQueueLimits? limits = null) : IReviewStore
{
    private readonly ReviewQueueLimits _limits = limits ?? ReviewQueueLimits.None;

    private const int ScanChunk = 128;
    private const int MaxDecisionAttempts = 8;

    private volatile bool _decidedIndexComplete;

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

    private const string DecideScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status then return -1 end
        if status ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'status', ARGV[2])
        redis.call('RPUSH', KEYS[2], ARGV[3])
        redis.call('XADD', KEYS[3], '*', 'entry', ARGV[3])
        if KEYS[4] ~= KEYS[5] then
          redis.call('ZREM', KEYS[4], ARGV[4])
          redis.call('ZADD', KEYS[5], 0, ARGV[4])
        end
        if ARGV[2] == 'confirmed' or ARGV[2] == 'dismissed' then
          if redis.call('GET', KEYS[6]) == ARGV[4] then redis.call('DEL', KEYS[6]) end
          local open = tonumber(redis.call('HGET', KEYS[12], ARGV[9]) or '0')
          if open > 1 then redis.call('HINCRBY', KEYS[12], ARGV[9], -1) elseif open == 1 then redis.call('HDEL', KEYS[12], ARGV[9]) end
          redis.call('ZADD', KEYS[11], ARGV[8], ARGV[4])
        end
        if ARGV[2] == 'confirmed' then redis.call('SETNX', KEYS[10], ARGV[4]) end
        if ARGV[6] ~= '' then redis.call('HSETNX', KEYS[7], ARGV[5], ARGV[6]) end
        if ARGV[7] ~= '' then redis.call('HSETNX', KEYS[8], ARGV[5], ARGV[7]) end
        if ARGV[6] ~= '' or ARGV[7] ~= '' then redis.call('INCR', KEYS[9]) end
        return 1
        """;

    // Deletes one decided item and every index entry naming it; an item that is somehow not final is left alone.
    private const string PurgeScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if status and status ~= 'confirmed' and status ~= 'dismissed' then
          redis.call('ZREM', KEYS[5], ARGV[1])
          return 0
        end
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('ZREM', KEYS[4], ARGV[2])
        redis.call('ZREM', KEYS[5], ARGV[1])
        redis.call('ZREM', KEYS[6], ARGV[1])
        redis.call('ZREM', KEYS[7], ARGV[1])
        if redis.call('GET', KEYS[8]) == ARGV[1] then redis.call('DEL', KEYS[8]) end
        if status then return 1 end
        return 0
        """;

    private static readonly RedisValue[] SummaryFields = ["summary", "status", "occurrences"];
    private static readonly RedisValue[] ItemFields = ["summary", "status", "occurrences", "data"];

    private RedisKey ByTime => prefix + "by-time";

    private RedisKey ByScore => prefix + "by-score";

    private RedisKey Audit => prefix + "audit";

    private RedisKey Bank => prefix + "bank";

    private RedisKey Allow => prefix + "allow";

    private RedisKey KnownVersion => prefix + "known-version";

    // Decided item ids scored by the decision's Unix time in milliseconds, for retention.
    private RedisKey Decided => prefix + "decided";

    private string ItemPrefix => prefix + "item:";

    // Open (pending or escalated) items per API key name, for the per-key cap.
    private RedisKey OpenCount => prefix + "open-count";

    /// <inheritdoc/>
    public async ValueTask<string> EnqueueAsync(NewReviewItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var (id, _, summary, data, scoreKey) = PrepareNew(item);
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
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
        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            BankMatchScript,
            [ConfirmedKey(item.ContentHash), ItemKey(id), ByTime, ByScore, StatusKey(ReviewStatus.Confirmed), HistoryKey(id), Audit, Decided],
            [id, summary, data, scoreKey, ItemPrefix, JsonSerializer.Serialize(audit, ReviewJson.Options), receivedAt.ToUnixTimeMilliseconds()])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (string)result!;
    }

    // What both ways of storing a new item write: a fresh id, the summary and data JSON, and the by-score key.
    private (string Id, DateTimeOffset ReceivedAt, string Summary, string Data, string ScoreKey) PrepareNew(NewReviewItem item)
    {
        if (!redis.IsConnected)
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

    /// <inheritdoc/>
    public async ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!ReviewIds.IsValid(id))
        {
            return null;
        }

        var database = redis.GetDatabase();
        var fields = database.HashGetAsync(ItemKey(id), ItemFields);
        var history = database.ListRangeAsync(HistoryKey(id));
        await Task.WhenAll(fields, history).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ReadItem(id, await fields.ConfigureAwait(false), await history.ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async ValueTask<ReviewPage> ListAsync(ReviewQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var database = redis.GetDatabase();
        RedisKey index;
        string max = "+";
        string min = "-";
        if (query.Sort == ReviewSort.Newest)
        {
            index = query.Status is { } status ? StatusKey(status) : ByTime;
            if (query.To is { } to)
            {
                max = "(" + ReviewIds.UpperBoundExclusive(to);
            }

            if (query.From is { } from)
            {
                min = "[" + ReviewIds.LowerBound(from);
            }
        }
        else
        {
            index = ByScore;
        }

        if (query.After is { } after && (max == "+" || string.CompareOrdinal(after.Key, max[1..]) < 0))
        {
            max = "(" + after.Key;
        }

        var page = new List<ReviewSummary>(query.Limit);
        var more = false;
        while (!more)
        {
            var keys = (RedisValue[])(await database.ExecuteAsync("ZREVRANGEBYLEX", index, max, min, "LIMIT", 0, ScanChunk)
                .WaitAsync(cancellationToken).ConfigureAwait(false))!;
            if (keys.Length == 0)
            {
                break;
            }

            var batch = database.CreateBatch();
            var reads = new Task<RedisValue[]>[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                reads[i] = batch.HashGetAsync(ItemKey(IdOf(keys[i]!)), SummaryFields);
            }

            batch.Execute();
            await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Length && !more; i++)
            {
                var summary = ReadSummary(await reads[i].ConfigureAwait(false));
                if (summary is null || !query.Matches(summary))
                {
                    continue;
                }

                if (page.Count == query.Limit)
                {
                    more = true;
                }
                else
                {
                    page.Add(summary);
                }
            }

            if (keys.Length < ScanChunk)
            {
                break;
            }

            max = "(" + (string)keys[^1]!;
        }

        return new ReviewPage(page, more ? ReviewCursor.After(query.Sort, page[^1]) : null);
    }

    /// <inheritdoc/>
    public async ValueTask<DecisionResult> DecideAsync(string id, ReviewDecision decision, string reviewer, string? note, DateTimeOffset at, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxDecisionAttempts; attempt++)
        {
            var item = await GetAsync(id, cancellationToken).ConfigureAwait(false);
            if (item is null)
            {
                return new DecisionResult(DecisionOutcome.NotFound, null);
            }

            if (ReviewTransitions.IsFinal(item.Status))
            {
                return new DecisionResult(DecisionOutcome.AlreadyFinal, item);
            }

            var next = ReviewTransitions.StatusAfter(decision);
            var entry = new AuditEntry(at, id, reviewer, decision, note, item.Status, next);
            var bank = next == ReviewStatus.Confirmed
                ? JsonSerializer.Serialize(new KnownContentEntry(item.ContentHash, item.SimHash, id, item.Summary.TopLabel), ReviewJson.Options)
                : string.Empty;
            var allow = next == ReviewStatus.Dismissed ? id : string.Empty;
            var result = (int)await redis.GetDatabase().ScriptEvaluateAsync(
                DecideScript,
                [ItemKey(id), HistoryKey(id), Audit, StatusKey(item.Status), StatusKey(next), OpenKey(item.ContentHash), Bank, Allow, KnownVersion, ConfirmedKey(item.ContentHash), Decided, OpenCount],
                [ReviewTransitions.Name(item.Status), ReviewTransitions.Name(next), JsonSerializer.Serialize(entry, ReviewJson.Options), id, item.ContentHash, bank, allow, at.ToUnixTimeMilliseconds(), item.Summary.ApiKey])
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            if (result == -1)
            {
                return new DecisionResult(DecisionOutcome.NotFound, null);
            }

            if (result == 1)
            {
                return new DecisionResult(DecisionOutcome.Decided, await GetAsync(id, cancellationToken).ConfigureAwait(false));
            }

            // Another reviewer changed the status between our read and the script: read again and re-check.
        }

        return new DecisionResult(DecisionOutcome.Contended, null);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        RedisValue start = "-";
        while (true)
        {
            var entries = await database.StreamRangeAsync(Audit, start, "+", ScanChunk).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var streamEntry in entries)
            {
                var json = streamEntry["entry"];
                if (json.IsNullOrEmpty)
                {
                    continue;
                }

                var entry = JsonSerializer.Deserialize<AuditEntry>((string)json!, ReviewJson.Options);
                if (entry is not null && (from is null || entry.At >= from) && (to is null || entry.At <= to))
                {
                    yield return entry;
                }
            }

            if (entries.Length < ScanChunk)
            {
                yield break;
            }

            start = "(" + (string)entries[^1].Id!;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ReviewItem> ReadDecidedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (id, status) in DecidedIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } item && item.Status == status)
            {
                yield return item;
            }
        }
    }

    // The ids in the confirmed and then the dismissed status set, oldest first, a chunk per round trip.
    private async IAsyncEnumerable<(string Id, ReviewStatus Status)> DecidedIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var status in new[] { ReviewStatus.Confirmed, ReviewStatus.Dismissed })
        {
            string min = "-";
            while (true)
            {
                var ids = (RedisValue[])(await redis.GetDatabase().ExecuteAsync("ZRANGEBYLEX", StatusKey(status), min, "+", "LIMIT", 0, ScanChunk)
                    .WaitAsync(cancellationToken).ConfigureAwait(false))!;
                foreach (var id in ids)
                {
                    yield return ((string)id!, status);
                }

                if (ids.Length < ScanChunk)
                {
                    break;
                }

                min = "(" + (string)ids[^1]!;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<int> PurgeDecidedAsync(DateTimeOffset decidedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var database = redis.GetDatabase();
        if (!_decidedIndexComplete)
        {
            await IndexEarlierDecisionsAsync(database, cancellationToken).ConfigureAwait(false);
            _decidedIndexComplete = true;
        }

        var ids = await database.SortedSetRangeByScoreAsync(Decided, double.NegativeInfinity, decidedBefore.ToUnixTimeMilliseconds(), Exclude.Stop, take: max)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        var purged = 0;
        foreach (var value in ids)
        {
            var id = (string)value!;
            var fields = await database.HashGetAsync(ItemKey(id), [(RedisValue)"summary", (RedisValue)"data"]).WaitAsync(cancellationToken).ConfigureAwait(false);
            var scoreKey = string.Empty;
            RedisKey confirmed = prefix + "confirmed:";
            if (fields[0].HasValue && fields[1].HasValue)
            {
                var summary = JsonSerializer.Deserialize<StoredSummary>((string)fields[0]!, ReviewJson.Options)!;
                scoreKey = ReviewCursor.KeyOf(ReviewSort.Score, id, summary.TopScore);
                confirmed = ConfirmedKey(JsonSerializer.Deserialize<StoredData>((string)fields[1]!, ReviewJson.Options)!.ContentHash);
            }

            var result = (int)await database.ScriptEvaluateAsync(
                PurgeScript,
                [ItemKey(id), HistoryKey(id), ByTime, ByScore, Decided, StatusKey(ReviewStatus.Confirmed), StatusKey(ReviewStatus.Dismissed), confirmed],
                [id, scoreKey]).WaitAsync(cancellationToken).ConfigureAwait(false);
            purged += result;
        }

        return purged;
    }

    // Items decided before the retention index existed are not in it: index them once per store instance by their last
    // history entry (the decision). ZADD NX keeps the time the decision script wrote for anything already indexed.
    private async Task IndexEarlierDecisionsAsync(IDatabase database, CancellationToken cancellationToken)
    {
        await foreach (var (id, _) in DecidedIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            var last = await database.ListGetByIndexAsync(HistoryKey(id), -1).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (last.HasValue && JsonSerializer.Deserialize<AuditEntry>((string)last!, ReviewJson.Options) is { } decision)
            {
                await database.SortedSetAddAsync(Decided, id, decision.At.ToUnixTimeMilliseconds(), SortedSetWhen.NotExists)
                    .WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken)
    {
        var database = redis.GetDatabase();
        var bank = database.HashGetAllAsync(Bank);
        var allow = database.HashGetAllAsync(Allow);
        await Task.WhenAll(bank, allow).WaitAsync(cancellationToken).ConfigureAwait(false);
        var blocked = new List<KnownContentEntry>();
        foreach (var field in await bank.ConfigureAwait(false))
        {
            if (JsonSerializer.Deserialize<KnownContentEntry>((string)field.Value!, ReviewJson.Options) is { } entry)
            {
                blocked.Add(entry);
            }
        }

        var allowed = (await allow.ConfigureAwait(false)).Select(f => new KeyValuePair<string, string>(f.Name!, f.Value!)).ToList();
        return new KnownContentSnapshot(blocked, allowed);
    }

    /// <inheritdoc/>
    public async ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(KnownVersion).WaitAsync(cancellationToken).ConfigureAwait(false);
        return value.IsNullOrEmpty ? 0 : (long)value;
    }

    private static string IdOf(string key) => key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private static ReviewSummary? ReadSummary(RedisValue[] fields)
    {
        if (fields[0].IsNullOrEmpty || !ReviewTransitions.TryParse(fields[1], out var status))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredSummary>((string)fields[0]!, ReviewJson.Options);
        return stored?.ToSummary(status, (long)fields[2]);
    }

    private static ReviewItem? ReadItem(string id, RedisValue[] fields, RedisValue[] history)
    {
        var summary = ReadSummary(fields);
        if (summary is null || fields[3].IsNullOrEmpty || summary.Id != id)
        {
            return null;
        }

        var data = JsonSerializer.Deserialize<StoredData>((string)fields[3]!, ReviewJson.Options)!;
        var entries = history.Select(h => JsonSerializer.Deserialize<AuditEntry>((string)h!, ReviewJson.Options)!).ToList();
        return new ReviewItem(summary, data.Text, data.Verdict, data.ContentHash, ulong.Parse(data.SimHash, CultureInfo.InvariantCulture), entries);
    }

    private RedisKey ItemKey(string id) => ItemPrefix + id;

    private RedisKey HistoryKey(string id) => prefix + "history:" + id;

    private RedisKey OpenKey(string contentHash) => prefix + "open:" + contentHash;

    // The confirmed item holding a content hash, so bank-blocked re-posts of it count up instead of adding items.
    private RedisKey ConfirmedKey(string contentHash) => prefix + "confirmed:" + contentHash;

    private RedisKey StatusKey(ReviewStatus status) => prefix + "status:" + ReviewTransitions.Name(status);

    // The parts of a summary that never change; status and occurrences are their own hash fields so scripts can update them.
    private sealed record StoredSummary(string Id, DateTimeOffset ReceivedAt, Engine.Policy.ModerationAction Action, string TopLabel, double TopScore, string ApiKey, string? PostId, string Preview)
    {
        public static StoredSummary From(ReviewSummary s) => new(s.Id, s.ReceivedAt, s.Action, s.TopLabel, s.TopScore, s.ApiKey, s.PostId, s.Preview);

        public ReviewSummary ToSummary(ReviewStatus status, long occurrences) =>
            new(Id, ReceivedAt, status, Action, TopLabel, TopScore, ApiKey, PostId, Preview, occurrences);
    }

    // SimHash as a string: JSON readers outside .NET lose precision above 2^53.
    private sealed record StoredData(string Text, Verdict Verdict, string ContentHash, string SimHash);
}
