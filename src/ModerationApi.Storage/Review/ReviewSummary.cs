using ModerationApi.Engine.Policy;

namespace ModerationApi.Storage.Review;

/// <summary>A review item as listings show it.</summary>
/// <param name="Id">The item id, <c>r_</c> followed by a time-ordered key.</param>
/// <param name="ReceivedAt">When the post was first moderated (UTC, millisecond precision).</param>
/// <param name="Status">Where the item stands.</param>
/// <param name="Action">The action of the verdict.</param>
/// <param name="TopLabel">The label with the highest score.</param>
/// <param name="TopScore">Its score.</param>
/// <param name="ApiKey">The name of the API key the post came through.</param>
/// <param name="PostId">The caller's id for the post, if it sent one.</param>
/// <param name="Preview">The first 200 characters of the text.</param>
/// <param name="Occurrences">How many times the same content was flagged while the item was open.</param>
public sealed record ReviewSummary(
    string Id,
    [property: System.Text.Json.Serialization.JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset ReceivedAt,
    ReviewStatus Status,
    ModerationAction Action,
    string TopLabel,
    double TopScore,
    string ApiKey,
    string? PostId,
    string Preview,
    long Occurrences);
