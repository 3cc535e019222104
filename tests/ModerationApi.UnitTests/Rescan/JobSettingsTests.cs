using ModerationApi.Cli.ScaleOut;

namespace ModerationApi.UnitTests.Rescan;

public sealed class JobSettingsTests
{
    private static readonly JobSettings Job = new("/a.jsonl", "jsonl", "text", "id", 3, null, "rules-1", "none", "policy-1");

    [Fact]
    public void WorkerWithTheJobsVersionsMayTakePart() =>
        Assert.Null(Job.VersionMismatch("rules-1", "none", "policy-1"));

    [Theory]
    [InlineData("rules-2", "none", "policy-1", "rules version rules-1 but this worker runs rules-2")]
    [InlineData("rules-1", "minilm+heads", "policy-1", "model version none but this worker runs minilm+heads")]
    [InlineData("rules-1", "none", "policy-2", "policy version policy-1 but this worker runs policy-2")]
    public void WorkerWithAnotherVersionIsRefusedNamingBothVersions(string rules, string model, string policy, string expected)
    {
        var reason = Job.VersionMismatch(rules, model, policy);

        Assert.NotNull(reason);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void JobWithoutRecordedVersionsIsRefused()
    {
        var reason = (Job with { RulesVersion = null }).VersionMismatch("rules-1", "none", "policy-1");

        Assert.Contains("records no rules version", reason, StringComparison.Ordinal);
    }
}
