namespace ModerationApi.Storage.Review;

/// <summary>What a reviewer decides about an item.</summary>
public enum ReviewDecision
{
    /// <summary>The verdict was right: bank the content.</summary>
    Confirm,

    /// <summary>A false positive: allow-list the content.</summary>
    Dismiss,

    /// <summary>Needs a senior reviewer.</summary>
    Escalate,
}
