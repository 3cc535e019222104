using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModerationApi.Storage.Caching;
using StackExchange.Redis;

namespace ModerationApi.Cli;

/// <summary>The service's Redis verdict cache, for the CLI's rescans: same keys, same values, same TTL default.</summary>
internal static class RedisCaches
{
    public static RedisVerdictCache For(IConnectionMultiplexer redis) =>
        new(redis, Options.Create(new CacheOptions
        {
            // A batch job can wait for Redis longer than a request can; a timeout is still only a miss.
            RedisTimeout = TimeSpan.FromSeconds(5),
        }), NullLogger<RedisVerdictCache>.Instance);

    /// <summary>One line for the end of a run: how many model calls the cache and in-batch deduplication saved.</summary>
    public static string Summary(Rescan.BatchModerator moderator) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"verdict cache: {moderator.CacheHits:N0} hits, {moderator.Assessed:N0} assessed here, {moderator.BatchDuplicates:N0} in-batch duplicates");
}
