using System.Text.Json;
using ModerationApi.Engine.KnownContent;

namespace ModerationApi.Storage.Review;

/// <summary>Decisions: one atomic script per decision, retried while it loses races, banking or allow-listing the content.</summary>
public sealed partial class RedisReviewStore
{
    private const int MaxDecisionAttempts = 8;

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
            var result = (int)await Redis.GetDatabase().ScriptEvaluateAsync(
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
}
