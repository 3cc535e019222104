using System.Text.Json;
using StackExchange.Redis;

namespace ModerationApi.Storage.Review;

/// <summary>Retention: decided items deleted after their time, with every index entry naming them; audit, bank and allow list stay.</summary>
public sealed partial class RedisReviewStore
{
    private volatile bool _decidedIndexComplete;

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

    /// <inheritdoc/>
    public async ValueTask<int> PurgeDecidedAsync(DateTimeOffset decidedBefore, int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var database = Redis.GetDatabase();
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
            RedisKey confirmed = Prefix + "confirmed:";
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
}
