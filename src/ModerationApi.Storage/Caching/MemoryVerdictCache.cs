using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Storage.Caching;

/// <summary>The in-process cache used when no Redis is configured: bounded by entry count, with the same TTL.</summary>
public sealed class MemoryVerdictCache(IOptions<CacheOptions> options) : IVerdictCache, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = options.Value.MemoryEntryLimit });
    private readonly TimeSpan _ttl = options.Value.TimeToLive;

    public ValueTask<Assessment?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var results = new Assessment?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            results[i] = _cache.Get<Assessment>(keys[i]);
        }

        return ValueTask.FromResult(results);
    }

    public ValueTask SetManyAsync(IReadOnlyList<KeyValuePair<string, Assessment>> entries, CancellationToken cancellationToken)
    {
        foreach (var (key, value) in entries)
        {
            _cache.Set(key, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = _ttl });
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();
}
