namespace ModerationApi.Storage.Review;

/// <summary>The order of a review listing.</summary>
public enum ReviewSort
{
    /// <summary>Most recently received first.</summary>
    Newest,

    /// <summary>Highest top-label score first, newest first among equal scores.</summary>
    Score,
}
