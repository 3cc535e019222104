using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace ModerationApi.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (its dependencies; Redis down is Degraded).</summary>
internal static class HealthExtensions
{
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready").WithTags("Health");
        return app;
    }
}
