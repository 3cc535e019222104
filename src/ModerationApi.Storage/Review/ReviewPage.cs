namespace ModerationApi.Storage.Review;

/// <summary>One page of a listing.</summary>
/// <param name="Items">The items, in order.</param>
/// <param name="Next">Where the next page starts, or null when this is the last.</param>
public sealed record ReviewPage(IReadOnlyList<ReviewSummary> Items, ReviewCursor? Next);
