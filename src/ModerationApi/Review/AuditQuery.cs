namespace ModerationApi.Review;

/// <summary>The query string of <c>GET /v1/review/audit</c>.</summary>
/// <param name="From">ISO-8601 time, inclusive.</param>
/// <param name="To">ISO-8601 time, inclusive.</param>
internal sealed record AuditQuery(string? From, string? To)
{
    public DateTimeOffset? FromTime => ReviewItemsQuery.TryParseTime(From, out var t) ? t : null;

    public DateTimeOffset? ToTime => ReviewItemsQuery.TryParseTime(To, out var t) ? t : null;
}
