using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Storage.Review;

/// <summary>A flagged post to queue for review.</summary>
/// <param name="ReceivedAt">When it was moderated.</param>
/// <param name="ApiKey">The name of the API key it came through.</param>
/// <param name="PostId">The caller's id for it, if any.</param>
/// <param name="Text">The post as sent.</param>
/// <param name="Verdict">The verdict returned for it.</param>
/// <param name="ContentHash">SHA-256 of the canonical view, lower-case hex: the dedupe key.</param>
/// <param name="SimHash">The SimHash of the folded view.</param>
public sealed record NewReviewItem(
    DateTimeOffset ReceivedAt,
    string ApiKey,
    string? PostId,
    string Text,
    Verdict Verdict,
    string ContentHash,
    ulong SimHash)
{
    /// <summary>The number of characters of text a listing shows.</summary>
    public const int PreviewLength = 200;

    /// <summary>The label with the highest score (the first in <see cref="Labels.All"/> order among equals).</summary>
    public (string Label, double Score) Top()
    {
        var best = (Label: Labels.All[0], Score: double.NegativeInfinity);
        foreach (var label in Labels.All)
        {
            if (Verdict.Labels.TryGetValue(label, out var result) && result.Score > best.Score)
            {
                best = (label, result.Score);
            }
        }

        return best.Score < 0 ? (best.Label, 0) : best;
    }

    /// <summary>The first <see cref="PreviewLength"/> characters of the text, never splitting a surrogate pair.</summary>
    public string Preview()
    {
        if (Text.Length <= PreviewLength)
        {
            return Text;
        }

        var length = char.IsHighSurrogate(Text[PreviewLength - 1]) ? PreviewLength - 1 : PreviewLength;
        return Text[..length];
    }

    /// <summary>The summary of the item this post becomes.</summary>
    /// <param name="id">The new item's id.</param>
    public ReviewSummary ToSummary(string id)
    {
        var (label, score) = Top();
        return new ReviewSummary(id, ReceivedAt, ReviewStatus.Pending, Verdict.Action, label, score, ApiKey, PostId, Preview(), 1);
    }
}
