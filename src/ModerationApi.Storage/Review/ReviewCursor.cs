using System.Buffers.Text;
using System.Text;

namespace ModerationApi.Storage.Review;

/// <summary>
/// A position in a listing: the ordering key of the last item returned. Keys are unique and totally ordered (they end
/// in the item id), so the next page is exactly the keys after it: no item twice, none missed, whatever is added
/// meanwhile. Callers see it only as an opaque string.
/// </summary>
public sealed record ReviewCursor
{
    private const int ScoreDigits = 7;

    private ReviewCursor(ReviewSort sort, string key)
    {
        Sort = sort;
        Key = key;
    }

    /// <summary>The order the cursor belongs to.</summary>
    public ReviewSort Sort { get; }

    /// <summary>The ordering key of the last item of the previous page.</summary>
    public string Key { get; }

    /// <summary>The ordering key of an item: its id for <see cref="ReviewSort.Newest"/> (ids sort by time), the score in fixed digits then the id for <see cref="ReviewSort.Score"/>.</summary>
    /// <param name="sort">The order.</param>
    /// <param name="id">The item id.</param>
    /// <param name="score">The item's top score, 0 to 1.</param>
    public static string KeyOf(ReviewSort sort, string id, double score) =>
        sort == ReviewSort.Newest ? id : ScoreKey(score) + ":" + id;

    /// <summary>The score part of a <see cref="ReviewSort.Score"/> key.</summary>
    /// <param name="score">0 to 1.</param>
    public static string ScoreKey(double score) =>
        ((long)Math.Round(Math.Clamp(score, 0, 1) * 1_000_000)).ToString("D" + ScoreDigits, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The cursor after an item.</summary>
    /// <param name="sort">The order.</param>
    /// <param name="summary">The last item of a page.</param>
    public static ReviewCursor After(ReviewSort sort, ReviewSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new ReviewCursor(sort, KeyOf(sort, summary.Id, summary.TopScore));
    }

    /// <summary>The opaque form handed to callers.</summary>
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes((Sort == ReviewSort.Newest ? "n|" : "s|") + Key));

    /// <summary>Reads an opaque cursor; false when it is not one this service issued.</summary>
    /// <param name="value">The opaque string.</param>
    /// <param name="cursor">The cursor.</param>
    public static bool TryDecode(string? value, out ReviewCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(value) || value.Length > 200)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!Ascii.IsValid(bytes))
        {
            return false;
        }

        var text = Encoding.ASCII.GetString(bytes);
        if (text.StartsWith("n|", StringComparison.Ordinal) && ReviewIds.IsValid(text[2..]))
        {
            cursor = new ReviewCursor(ReviewSort.Newest, text[2..]);
            return true;
        }

        if (text.StartsWith("s|", StringComparison.Ordinal) && text.Length > 3 + ScoreDigits && text[2 + ScoreDigits] == ':'
            && text.AsSpan(2, ScoreDigits).ContainsAnyExceptInRange('0', '9') is false && ReviewIds.IsValid(text[(3 + ScoreDigits)..]))
        {
            cursor = new ReviewCursor(ReviewSort.Score, text[2..]);
            return true;
        }

        return false;
    }
}
