namespace ModerationApi.Storage.Review;

/// <summary>
/// Caps on open (pending or escalated) review items, so one key, or everyone together, cannot grow the queue without
/// bound. A post whose content hash already has an open item only counts that item up, whatever the caps.
/// </summary>
/// <param name="MaxOpenPerKey">The most open items queued through one API key.</param>
/// <param name="MaxOpenTotal">The most open items in all.</param>
public sealed record ReviewQueueLimits(int MaxOpenPerKey, int MaxOpenTotal)
{
    /// <summary>No caps.</summary>
    public static ReviewQueueLimits None { get; } = new(int.MaxValue, int.MaxValue);
}
