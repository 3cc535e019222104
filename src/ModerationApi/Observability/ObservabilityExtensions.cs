using OpenTelemetry.Metrics;

namespace ModerationApi.Observability;

/// <summary>OpenTelemetry metrics (HTTP per endpoint plus moderation counters) scraped at <c>/metrics</c>.</summary>
internal static class ObservabilityExtensions
{
    public static WebApplicationBuilder AddObservability(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModerationMetrics>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddAspNetCoreInstrumentation()
            .AddMeter(ModerationMetrics.MeterName)
            // The exporter serves a cached scrape for 300 ms by default, so a scrape right after another one missed
            // counters recorded in between (integration test); scrapers come every few seconds, so freshness costs nothing.
            .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
