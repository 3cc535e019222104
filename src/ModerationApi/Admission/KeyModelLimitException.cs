namespace ModerationApi.Admission;

/// <summary>An API key has used its model tokens for the current window (429); nothing of the request ran.</summary>
internal sealed class KeyModelLimitException(long cost, int limit, TimeSpan window, TimeSpan retryAfter)
    : Exception($"The key is over its {limit} model tokens per {window.TotalSeconds:0} s.")
{
    public long Cost { get; } = cost;

    public int Limit { get; } = limit;

    public TimeSpan Window { get; } = window;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
