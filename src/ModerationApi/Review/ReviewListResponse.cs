using System.Text.Json.Serialization;

namespace ModerationApi.Review;

/// <summary>A page of the queue.</summary>
/// <param name="Items">The items, in the requested order.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record ReviewListResponse(
    IReadOnlyList<ReviewItemSummaryResponse> Items,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);
