using System.Text.Json.Serialization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;

namespace ModerationApi.Review;

/// <summary>One item in full: the summary fields, the text as sent, the verdict as returned, and the decisions so far.</summary>
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
/// <param name="Text">The post as sent; evidence offsets index into it.</param>
/// <param name="Verdict">The verdict exactly as the moderation API returned it.</param>
/// <param name="ContentHash">SHA-256 of the canonical view, hex.</param>
/// <param name="History">Decisions, oldest first.</param>
public sealed record ReviewItemResponse(
    string Id,
    [property: JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset ReceivedAt,
    ReviewStatus Status,
    ModerationAction Action,
    string TopLabel,
    double TopScore,
    string ApiKey,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PostId,
    string Preview,
    long Occurrences,
    string Text,
    Verdict Verdict,
    string ContentHash,
    IReadOnlyList<AuditEntry> History)
{
    internal static ReviewItemResponse From(ReviewItem item)
    {
        var s = item.Summary;
        return new(s.Id, s.ReceivedAt, s.Status, s.Action, s.TopLabel, s.TopScore, s.ApiKey, s.PostId, s.Preview, s.Occurrences,
            item.Text, item.Verdict, item.ContentHash, item.History);
    }
}
