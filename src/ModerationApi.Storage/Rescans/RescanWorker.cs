namespace ModerationApi.Storage.Rescans;

/// <summary>A consumer of a job's stream as Redis sees it.</summary>
/// <param name="Name">The worker's consumer name.</param>
/// <param name="PendingChunks">Chunks it holds, taken but not yet acknowledged.</param>
/// <param name="IdleMs">Milliseconds since it last read from the stream.</param>
public sealed record RescanWorker(string Name, long PendingChunks, long IdleMs);
