namespace ModerationApi.Storage.Review;

/// <summary>How recording a decision went.</summary>
public enum DecisionOutcome
{
    /// <summary>Recorded.</summary>
    Decided,

    /// <summary>No item has that id.</summary>
    NotFound,

    /// <summary>The item is already confirmed or dismissed.</summary>
    AlreadyFinal,

    /// <summary>Other decisions kept changing the item on every attempt; nothing was recorded, and a retry may work.</summary>
    Contended,
}
