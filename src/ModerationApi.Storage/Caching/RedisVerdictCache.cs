using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using StackExchange.Redis;

namespace ModerationApi.Storage.Caching;

/// <summary>
/// The shared verdict cache on Redis. When Redis is unreachable every call is a fast miss: the service keeps answering,
/// logs the outage once, and the multiplexer reconnects by itself.
/// </summary>
public sealed class RedisVerdictCache(IConnectionMultiplexer redis, IOptions<CacheOptions> options, ILogger<RedisVerdictCache> logger) : IVerdictCache
{
    private readonly TimeSpan _ttl = options.Value.TimeToLive;
    private readonly TimeSpan _timeout = options.Value.RedisTimeout;
    private int _outageLogged;

    public async ValueTask<Assessment?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var results = new Assessment?[keys.Count];
        if (!redis.IsConnected)
        {
            NoteOutage(null);
            return results;
        }

        try
        {
            var redisKeys = new RedisKey[keys.Count];
            for (var i = 0; i < keys.Count; i++)
            {
                redisKeys[i] = keys[i];
            }

            var values = await redis.GetDatabase().StringGetAsync(redisKeys).WaitAsync(_timeout, cancellationToken);
            for (var i = 0; i < values.Length; i++)
            {
                if (values[i].HasValue)
                {
                    results[i] = AssessmentSerializer.TryDeserialize((byte[])values[i]!);
                }
            }

            NoteRecovery();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            NoteOutage(ex);
        }

        return results;
    }

    public ValueTask SetManyAsync(IReadOnlyList<KeyValuePair<string, Assessment>> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0 || !redis.IsConnected)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            // Fire and forget: a response never waits for the cache write, and a lost write only costs a later miss.
            var database = redis.GetDatabase();
            foreach (var (key, value) in entries)
            {
                database.StringSet(key, AssessmentSerializer.Serialize(value), _ttl, flags: CommandFlags.FireAndForget);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            NoteOutage(ex);
        }

        return ValueTask.CompletedTask;
    }

    private void NoteOutage(Exception? exception)
    {
        if (Interlocked.Exchange(ref _outageLogged, 1) == 0)
        {
            logger.LogWarning(exception, "Redis verdict cache unavailable; answering uncached until it reconnects.");
        }
    }

    private void NoteRecovery()
    {
        if (Interlocked.Exchange(ref _outageLogged, 0) == 1)
        {
            logger.LogInformation("Redis verdict cache available again.");
        }
    }
}
