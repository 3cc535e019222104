namespace ModerationApi.Storage.Review;

/// <summary>Where a review item stands.</summary>
public enum ReviewStatus
{
    /// <summary>Waiting for a reviewer.</summary>
    Pending,

    /// <summary>A reviewer confirmed the verdict; final. The post is banked.</summary>
    Confirmed,

    /// <summary>A reviewer found it a false positive; final. The post is allow-listed.</summary>
    Dismissed,

    /// <summary>Handed to a senior reviewer; can still be decided.</summary>
    Escalated,
}
