using Microsoft.Extensions.Logging;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The review API on the in-process store (no Redis configured).</summary>
public sealed class MemoryReviewQueueTests : ReviewQueueTests
{
    private readonly CapturedLogs _logs = new();

    protected override ModerationApiFactory Configure(ModerationApiFactory factory) =>
        factory.WithServices(_logs.AddTo);

    [Fact]
    public async Task StartUpWarnsThatReviewDataIsNotDurable()
    {
        await Reviewer.GetAsync("/v1/review/me");

        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("lost on restart", StringComparison.Ordinal));
    }
}
