using ModerationApi.Storage.Rescans;

namespace ModerationApi.Rescans;

/// <summary>The rescan jobs submitted to the service's Redis, with their status.</summary>
/// <param name="Jobs">In job name order.</param>
internal sealed record RescanJobList(IReadOnlyList<RescanJobStatus> Jobs);
