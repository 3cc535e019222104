using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace ModerationApi.Security;

/// <summary>
/// Counts failed authentications (no key, several keys, an unknown key) per client address; past
/// <see cref="RateLimitOptions.FailedAuthPermitLimit"/> in a window the address gets 429 instead of 401, so guessing
/// keys or a misconfigured client in a loop cannot flood the service or its logs.
/// </summary>
internal sealed class FailedAuthLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAuthLimiter(IOptions<RateLimitOptions> options)
    {
        var settings = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.FailedAuthPermitLimit,
            Window = settings.Window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Records one failure from <paramref name="address"/>; null when it is allowed, else when to retry.</summary>
    public TimeSpan? Fail(IPAddress? address)
    {
        // Requests without a peer address (in-process test servers) share one partition.
        using var lease = _limiter.AttemptAcquire(address?.ToString() ?? "unknown");
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
