namespace ModerationApi.Storage.Review;

/// <summary>A new review item was not stored because a cap in <see cref="ReviewQueueLimits"/> is reached.</summary>
public sealed class ReviewQueueFullException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="perKey">True when the key's own cap was reached, false when the total cap was.</param>
    public ReviewQueueFullException(bool perKey)
        : base(perKey ? "The API key has as many open review items as it may have." : "The review queue holds as many open items as it may.")
    {
        PerKey = perKey;
    }

    /// <summary>True when the key's own cap was reached, false when the total cap was.</summary>
    public bool PerKey { get; }
}
