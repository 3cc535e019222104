namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// The model queue cannot take a request; nothing of it was queued. Raised at once rather than waiting for room, so the
/// host can answer 429/503 with <see cref="RetryAfter"/> instead of piling up latency.
/// </summary>
public sealed class ModelQueueFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="retryAfter">When the caller might try again.</param>
    public ModelQueueFullException(TimeSpan retryAfter)
        : base($"The model queue is full; retry after {retryAfter.TotalSeconds:0} s.")
    {
        RetryAfter = retryAfter;
    }

    /// <summary>An estimate of when the queue will have drained enough: whole seconds, at least one.</summary>
    public TimeSpan RetryAfter { get; }
}
