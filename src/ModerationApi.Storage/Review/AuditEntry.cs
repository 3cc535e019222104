namespace ModerationApi.Storage.Review;

/// <summary>One reviewer decision, as the append-only audit log keeps it.</summary>
/// <param name="At">When it was recorded (UTC).</param>
/// <param name="ItemId">The review item.</param>
/// <param name="Reviewer">The API key name of the reviewer.</param>
/// <param name="Decision">What was decided.</param>
/// <param name="Note">The reviewer's note, if any.</param>
/// <param name="PreviousStatus">The status before.</param>
/// <param name="NewStatus">The status after.</param>
public sealed record AuditEntry(
    [property: System.Text.Json.Serialization.JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset At,
    string ItemId,
    string Reviewer,
    ReviewDecision Decision,
    string? Note,
    ReviewStatus PreviousStatus,
    ReviewStatus NewStatus)
{
    /// <summary>
    /// The reviewer named on the confirmation the known-content bank records by itself for a re-post it blocked.
    /// </summary>
    public const string BankReviewer = "bank";
}
