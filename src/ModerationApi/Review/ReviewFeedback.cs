using Microsoft.Extensions.Options;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Observability;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>
/// Where moderation meets the review queue. The engine decides (bank, allow list, what needs a reviewer); this queues
/// what it asked for, within <see cref="ReviewOptions.EnqueueTimeout"/> and the open-item caps, and feeds reviewers'
/// decisions back into the engine so they apply to the very next post.
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

        var count = batch.Review.Count;
        if (count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        try
        {
            var tasks = new List<Task<bool>>(count);
            foreach (var candidate in batch.Review)
            {
                var post = posts[candidate.Position];
                var item = new NewReviewItem(now, apiKey, post.Id, post.Text, batch.Verdicts[candidate.Position], candidate.ContentHash, candidate.SimHash);
                tasks.Add(candidate.BankNote is null ? QueueOneAsync(item, cancellationToken) : BankOneAsync(item, candidate.BankNote, cancellationToken));
            }

            var stored = await Task.WhenAll(tasks).WaitAsync(_enqueueTimeout, cancellationToken);
            var dropped = stored.Count(s => !s);
            metrics.ReviewEnqueue("queued", count - dropped);
            if (dropped > 0)
            {
                // Over the caps: moderation answers anyway; the count (never the text) says what was not queued.
                metrics.ReviewEnqueue("dropped", dropped);
                LogDropped(logger, dropped, apiKey);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Moderation answers anyway: a lost review item is better than a failed request. The text is not logged.
            metrics.ReviewEnqueue("failed", count);
            LogEnqueueFailed(logger, count, ex.GetType().Name, ex.Message);
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

    private async Task<bool> QueueOneAsync(NewReviewItem item, CancellationToken cancellationToken)
    {
        try
        {
            await store.EnqueueAsync(item, cancellationToken);
            return true;
        }
        catch (ReviewQueueFullException)
        {
            return false;
        }
    }

    private async Task<bool> BankOneAsync(NewReviewItem item, string note, CancellationToken cancellationToken)
    {
        await store.RecordBankMatchAsync(item, note, cancellationToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not queue {Count} flagged posts from API key {ApiKey} for review: the open-item caps (Review:MaxOpenItemsPerKey, Review:MaxOpenItems) are reached; moderation answered.")]
    private static partial void LogDropped(ILogger logger, int count, string apiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue {Count} flagged posts for review ({Error}: {Reason}); moderation answered without queueing them.")]
    private static partial void LogEnqueueFailed(ILogger logger, int count, string error, string reason);
}
