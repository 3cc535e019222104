using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ModerationApi.Admission;

/// <summary>A saturated model queue is Degraded: the service answers, but new model work may wait or be refused.</summary>
internal sealed class ModelQueueHealthCheck(ModelAdmission admission) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(admission.Saturation() is { } reason
            ? HealthCheckResult.Degraded("Model queue saturated: " + reason)
            : HealthCheckResult.Healthy("Model queue has room."));
}
