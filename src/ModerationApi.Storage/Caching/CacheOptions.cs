using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Storage.Caching;

/// <summary>Verdict cache settings (section <c>Cache</c>). Redis is used when <c>ConnectionStrings:Redis</c> is set.</summary>
public sealed class CacheOptions
{
    public const string SectionName = "Cache";

    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The in-process cache's capacity in entries.</summary>
    [Range(1, 100_000_000)]
    public long MemoryEntryLimit { get; set; } = 100_000;

    /// <summary>How long a Redis call may take before the request goes on uncached.</summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(250);
}
