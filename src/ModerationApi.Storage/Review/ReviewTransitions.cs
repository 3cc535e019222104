namespace ModerationApi.Storage.Review;

/// <summary>The status a decision leads to, and which statuses are final.</summary>
public static class ReviewTransitions
{
    /// <summary>The status after <paramref name="decision"/>.</summary>
    public static ReviewStatus StatusAfter(ReviewDecision decision) => decision switch
    {
        ReviewDecision.Confirm => ReviewStatus.Confirmed,
        ReviewDecision.Dismiss => ReviewStatus.Dismissed,
        ReviewDecision.Escalate => ReviewStatus.Escalated,
        _ => throw new ArgumentOutOfRangeException(nameof(decision), decision, "unknown decision"),
    };

    /// <summary>True for statuses no further decision can change.</summary>
    public static bool IsFinal(ReviewStatus status) => status is ReviewStatus.Confirmed or ReviewStatus.Dismissed;

    /// <summary>The camelCase name used in storage and JSON.</summary>
    public static string Name(ReviewStatus status) => status switch
    {
        ReviewStatus.Pending => "pending",
        ReviewStatus.Confirmed => "confirmed",
        ReviewStatus.Dismissed => "dismissed",
        ReviewStatus.Escalated => "escalated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown status"),
    };

    /// <summary>Reads a status name; false when unknown.</summary>
    public static bool TryParse(string? name, out ReviewStatus status)
    {
        foreach (var candidate in Enum.GetValues<ReviewStatus>())
        {
            if (string.Equals(Name(candidate), name, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
