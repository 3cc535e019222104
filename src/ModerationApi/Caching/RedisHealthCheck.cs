using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ModerationApi.Caching;

/// <summary>Redis down is Degraded, not Unhealthy: the service still answers, only uncached.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(redis.IsConnected
            ? HealthCheckResult.Healthy("Redis verdict cache connected.")
            : HealthCheckResult.Degraded("Redis verdict cache unreachable; answering uncached."));
}
