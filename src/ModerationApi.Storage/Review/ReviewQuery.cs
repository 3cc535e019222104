using ModerationApi.Engine.Policy;

namespace ModerationApi.Storage.Review;

/// <summary>A filtered, ordered page of the review queue.</summary>
/// <param name="Status">Only items with this status; null for all.</param>
/// <param name="Label">Only items whose top label is this.</param>
/// <param name="Action">Only items whose verdict had this action.</param>
/// <param name="From">Only items received at or after this time.</param>
/// <param name="To">Only items received at or before this time.</param>
/// <param name="Sort">The order.</param>
/// <param name="Limit">The page size.</param>
/// <param name="After">The position to continue after (<see cref="ReviewCursor"/>), or null for the first page.</param>
public sealed record ReviewQuery(
    ReviewStatus? Status = null,
    string? Label = null,
    ModerationAction? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    ReviewSort Sort = ReviewSort.Newest,
    int Limit = 50,
    ReviewCursor? After = null)
{
    /// <summary>True when a summary passes every filter.</summary>
    public bool Matches(ReviewSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return (Status is null || summary.Status == Status)
            && (Label is null || string.Equals(summary.TopLabel, Label, StringComparison.Ordinal))
            && (Action is null || summary.Action == Action)
            && (From is null || summary.ReceivedAt >= From)
            && (To is null || summary.ReceivedAt <= To);
    }
}
