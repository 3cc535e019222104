using System.Globalization;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;

namespace ModerationApi.Review;

/// <summary>The query string of <c>GET /v1/review/items</c>, bound as strings so the validator can name a bad value.</summary>
/// <param name="Status">pending, confirmed, dismissed or escalated.</param>
/// <param name="Label">One of the four labels.</param>
/// <param name="Action">allow, review or block.</param>
/// <param name="From">ISO-8601 time, inclusive.</param>
/// <param name="To">ISO-8601 time, inclusive.</param>
/// <param name="Sort">newest (default) or score.</param>
/// <param name="Limit">1 to the configured maximum.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
internal sealed record ReviewItemsQuery(string? Status, string? Label, string? Action, string? From, string? To, string? Sort, string? Limit, string? Cursor)
{
    public static bool TryParseTime(string? value, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static bool TryParseSort(string? value, out ReviewSort sort)
    {
        sort = value switch
        {
            null or "" or "newest" => ReviewSort.Newest,
            "score" => ReviewSort.Score,
            _ => (ReviewSort)(-1),
        };
        return Enum.IsDefined(sort);
    }

    public static bool TryParseAction(string? value, out ModerationAction action)
    {
        action = value switch
        {
            "allow" => ModerationAction.Allow,
            "review" => ModerationAction.Review,
            "block" => ModerationAction.Block,
            _ => (ModerationAction)(-1),
        };
        return Enum.IsDefined(action);
    }

    /// <summary>The store query; call only after validation.</summary>
    public ReviewQuery ToStoreQuery(int defaultLimit)
    {
        var sort = TryParseSort(Sort, out var parsed) ? parsed : ReviewSort.Newest;
        var cursor = ReviewCursor.TryDecode(Cursor, out var after) ? after : null;
        return new ReviewQuery(
            string.IsNullOrEmpty(Status) ? null : ReviewTransitions.TryParse(Status, out var s) ? s : null,
            string.IsNullOrEmpty(Label) ? null : Label,
            string.IsNullOrEmpty(Action) ? null : TryParseAction(Action, out var a) ? a : null,
            string.IsNullOrEmpty(From) ? null : TryParseTime(From, out var from) ? from : null,
            string.IsNullOrEmpty(To) ? null : TryParseTime(To, out var to) ? to : null,
            sort,
            string.IsNullOrEmpty(Limit) ? defaultLimit : int.Parse(Limit, NumberStyles.None, CultureInfo.InvariantCulture),
            cursor);
    }
}
