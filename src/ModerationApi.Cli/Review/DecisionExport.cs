using System.Text.Json;
using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;

namespace ModerationApi.Cli.Review;

/// <summary>
/// Turns reviewer decisions into rows <c>moderation train --corpus</c> reads: a confirmed item is a positive for its
/// top label (an ISIS NFT promotion counts as propaganda and a crypto donation request as financing, the heads the
/// model has), a dismissed item is a hard negative (<c>benign</c>, category <c>review_dismissed</c>, so calibration
/// keeps reviewer-found false positives as their own negative group). Escalated and pending items are not exported, nor
/// are re-posts the known-content bank blocked and confirmed by itself: no reviewer looked at them, and as near copies
/// of a confirmed item they would only repeat its training row.
/// </summary>
internal static class DecisionExport
{
    public const string Source = "review";

    /// <summary>The training row for an item, or null when the item is not finally decided or the bank confirmed it.</summary>
    public static Dictionary<string, string>? ToRow(ReviewItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.ConfirmedByBank)
        {
            return null;
        }

        var (label, category) = item.Status switch
        {
            ReviewStatus.Confirmed => (TrainingLabel(item.Summary.TopLabel), "review_confirmed"),
            ReviewStatus.Dismissed => ("benign", "review_dismissed"),
            _ => (null, null),
        };
        if (label is null)
        {
            return null;
        }

        var decision = item.History.LastOrDefault(h => h.NewStatus == item.Status);
        var row = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = item.Id,
            ["text"] = item.Text,
            ["label"] = label,
            ["source"] = Source,
            ["category"] = category!,
            ["review_label"] = item.Summary.TopLabel,
            ["review_action"] = item.Summary.Action.ToString().ToLowerInvariant(),
        };
        if (decision is not null)
        {
            row["reviewer"] = decision.Reviewer;
            row["decided_at"] = decision.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        }

        return row;
    }

    /// <summary>Writes one JSON object per line; returns the rows written.</summary>
    public static async Task<(int Confirmed, int Dismissed)> WriteAsync(IAsyncEnumerable<ReviewItem> items, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(output);
        var (confirmed, dismissed) = (0, 0);
        await foreach (var item in items.WithCancellation(cancellationToken))
        {
            if (ToRow(item) is not { } row)
            {
                continue;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(row));
            if (item.Status == ReviewStatus.Confirmed)
            {
                confirmed++;
            }
            else
            {
                dismissed++;
            }
        }

        return (confirmed, dismissed);
    }

    private static string TrainingLabel(string topLabel) => topLabel switch
    {
        Labels.IsisNftReference => Labels.ExtremistPropaganda,
        Labels.CryptoDonationRequest => Labels.TerroristFinancing,
        _ => topLabel,
    };
}
