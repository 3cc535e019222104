using Microsoft.Extensions.Options;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>
/// Deletes decided review items once they are older than <see cref="ReviewOptions.DecidedItemRetention"/>, every
/// <see cref="ReviewOptions.RetentionSweepInterval"/>; does nothing when no retention is set. Every instance may run
/// it: deleting an item twice is harmless.
/// </summary>
internal sealed partial class ReviewRetention(
    IReviewStore store,
    TimeProvider time,
    IOptions<ReviewOptions> options,
    ILogger<ReviewRetention> logger) : BackgroundService
{
    // Small enough that one call never holds Redis for long, large enough that a backlog clears in a few calls.
    private const int Chunk = 500;

    /// <summary>Deletes every decided item past the retention now; returns how many went.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DecidedItemRetention is not { } retention)
        {
            return 0;
        }

        var before = time.GetUtcNow() - retention;
        var total = 0;
        int purged;
        do
        {
            // Until a call deletes nothing: a call may also clear index entries of items already gone, and delete
            // fewer than it was allowed although more remain.
            purged = await store.PurgeDecidedAsync(before, Chunk, cancellationToken);
            total += purged;
        }
        while (purged > 0);

        if (total > 0)
        {
            LogPurged(logger, total, before);
        }

        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DecidedItemRetention is null)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogSweepFailed(logger, ex.GetType().Name, ex.Message);
            }

            try
            {
                await Task.Delay(options.Value.RetentionSweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Review retention deleted {Count} items decided before {Before:O}.")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset before);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review retention sweep failed ({Error}: {Reason}); trying again at the next interval.")]
    private static partial void LogSweepFailed(ILogger logger, string error, string reason);
}
