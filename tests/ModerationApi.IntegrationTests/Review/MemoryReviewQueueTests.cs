using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Review;

/// <summary>The review API on the in-process store (no Redis configured).</summary>
public sealed class MemoryReviewQueueTests : ReviewQueueTests
{
    protected override ModerationApiFactory Configure(ModerationApiFactory factory) => factory;
}
