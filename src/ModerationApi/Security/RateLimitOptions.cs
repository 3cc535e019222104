using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Security;

/// <summary>Per-key request limit (section <c>RateLimit</c>): a fixed window per API key.</summary>
internal sealed class RateLimitOptions
{
    public const string SectionName = "RateLimit";

    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    [Range(0, 10_000)]
    public int QueueLimit { get; set; }
}
