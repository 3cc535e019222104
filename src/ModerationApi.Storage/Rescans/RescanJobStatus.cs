namespace ModerationApi.Storage.Rescans;

/// <summary>Where a scale-out rescan job stands, read from its hash and stream on Redis.</summary>
/// <param name="Job">The job's name.</param>
/// <param name="Input">The archive's path as given at submit.</param>
/// <param name="TotalChunks">Chunks the archive was cut into.</param>
/// <param name="DoneChunks">Chunks written and acknowledged.</param>
/// <param name="FailedChunks">Chunks acknowledged as failed (see <paramref name="Failures"/>).</param>
/// <param name="PendingChunks">Chunks taken by a worker and not yet acknowledged.</param>
/// <param name="QueuedChunks">Chunks no worker has taken yet.</param>
/// <param name="TotalRecords">Records (posts and malformed lines) counted at submit; null for jobs submitted before this was recorded.</param>
/// <param name="Posts">Posts given a verdict so far.</param>
/// <param name="Malformed">Malformed records reported so far.</param>
/// <param name="PostsPerSecond">Posts over the time from the first chunk taken to the last acknowledged; 0 before that.</param>
/// <param name="Finished">Every chunk acknowledged, done or failed.</param>
/// <param name="RulesVersion">Rule sets version recorded at submit.</param>
/// <param name="ModelVersion">Classifier version recorded at submit.</param>
/// <param name="PolicyVersion">Policy version recorded at submit.</param>
/// <param name="SubmittedAt">When the job was submitted.</param>
/// <param name="StartedAt">When a worker first took a chunk, if one has.</param>
/// <param name="UpdatedAt">When a chunk was last acknowledged, if one has been.</param>
/// <param name="Workers">Consumers of the job's stream.</param>
/// <param name="Failures">Why each failed chunk failed, by chunk number.</param>
public sealed record RescanJobStatus(
    string Job,
    string Input,
    long TotalChunks,
    long DoneChunks,
    long FailedChunks,
    long PendingChunks,
    long QueuedChunks,
    long? TotalRecords,
    long Posts,
    long Malformed,
    double PostsPerSecond,
    bool Finished,
    string? RulesVersion,
    string? ModelVersion,
    string? PolicyVersion,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<RescanWorker> Workers,
    IReadOnlyDictionary<string, string> Failures);
