namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>
/// Test classes that read <c>/metrics</c>, run one at a time after every parallel test. OpenTelemetry merges the
/// same-named instruments of every in-process host into one stream per reader, so while another test host starts or is
/// disposed, a scrape can show its counts or lose them (measured: a scrape right after a verdict showed no moderation
/// metrics at all). One host per process, as in production, has no such neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
