using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Security;

/// <summary>Per-key request limit (section <c>RateLimit</c>): a fixed window per API key, and per client address for failed authentication.</summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10_000)]
    public int QueueLimit { get; set; }

    /// <summary>
    /// Failed authentications (no key, several keys, unknown key) one client address may have per <see cref="Window"/>
    /// before it gets 429 instead of 401.
    /// </summary>
    [Range(1, 1_000_000)]
    public int FailedAuthPermitLimit { get; set; } = 30;
}
