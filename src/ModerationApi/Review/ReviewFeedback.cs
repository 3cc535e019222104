using Microsoft.Extensions.Options;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Observability;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>
/// Where moderation meets the review queue. The engine decides (bank, allow list, what needs a reviewer); this queues
/// what it asked for, within <see cref="ReviewOptions.EnqueueTimeout"/>, and feeds reviewers' decisions back into the
/// engine so they apply to the very next post.
/// </summary>
internal sealed partial class ReviewFeedback(
    ModerationEngine engine,
    IReviewStore store,
    ModerationMetrics metrics,
    TimeProvider time,
    IOptions<ReviewOptions> options,
    ILogger<ReviewFeedback> logger)
{
    private readonly TimeSpan _enqueueTimeout = options.Value.EnqueueTimeout;

    /// <summary>Queues the posts the engine sent to review, and records the ones the bank decided.</summary>
    public async Task QueueAsync(IReadOnlyList<Post> posts, ModerationBatch batch, string apiKey, CancellationToken cancellationToken)
    {
        for (var i = 0; i < batch.Counts.Banked; i++)
        {
            metrics.KnownContent("bank");
        }

        for (var i = 0; i < batch.Counts.AllowListed; i++)
        {
            metrics.KnownContent("allowList");
        }

        if (batch.Review.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var tasks = new List<Task<string>>(batch.Review.Count);
        try
        {
            foreach (var candidate in batch.Review)
            {
                var post = posts[candidate.Position];
                var item = new NewReviewItem(now, apiKey, post.Id, post.Text, batch.Verdicts[candidate.Position], candidate.ContentHash, candidate.SimHash);
                tasks.Add(candidate.BankNote is null
                    ? store.EnqueueAsync(item, cancellationToken).AsTask()
                    : store.RecordBankMatchAsync(item, candidate.BankNote, cancellationToken).AsTask());
            }

            await Task.WhenAll(tasks).WaitAsync(_enqueueTimeout, cancellationToken);
            metrics.ReviewEnqueue("queued", batch.Review.Count);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Moderation answers anyway: a lost review item is better than a failed request. The text is not logged.
            metrics.ReviewEnqueue("failed", batch.Review.Count);
            LogEnqueueFailed(logger, batch.Review.Count, ex.GetType().Name, ex.Message);
        }
    }

    /// <summary>Feeds a recorded decision into the engine, so it applies to the very next post.</summary>
    public void Learn(ReviewItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Status == ReviewStatus.Confirmed)
        {
            engine.LearnConfirmed(new KnownContentEntry(item.ContentHash, item.SimHash, item.Id, item.Summary.TopLabel), item.Text);
        }
        else if (item.Status == ReviewStatus.Dismissed)
        {
            engine.LearnDismissed(item.ContentHash, item.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue {Count} flagged posts for review ({Error}: {Reason}); moderation answered without queueing them.")]
    private static partial void LogEnqueueFailed(ILogger logger, int count, string error, string reason);
}
