using System.Text.Json.Serialization;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;

namespace ModerationApi.Review;

/// <summary>An item in the queue listing.</summary>
/// <param name="Id">The item id.</param>
/// <param name="ReceivedAt">When the post was moderated (UTC).</param>
/// <param name="Status">pending, confirmed, dismissed or escalated.</param>
/// <param name="Action">The verdict's action.</param>
/// <param name="TopLabel">The highest-scoring label.</param>
/// <param name="TopScore">Its score.</param>
/// <param name="ApiKey">The name of the API key the post came through.</param>
/// <param name="PostId">The caller's id for the post, or null.</param>
/// <param name="Preview">The first 200 characters.</param>
/// <param name="Occurrences">How often the same content was flagged while the item was open.</param>
public sealed record ReviewItemSummaryResponse(
    string Id,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset ReceivedAt,
    ReviewStatus Status,
    ModerationAction Action,
    string TopLabel,
    double TopScore,
    string ApiKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PostId,
    string Preview,
    long Occurrences)
{
    internal static ReviewItemSummaryResponse From(ReviewSummary s) =>
        new(s.Id, s.ReceivedAt, s.Status, s.Action, s.TopLabel, s.TopScore, s.ApiKey, s.PostId, s.Preview, s.Occurrences);
}
