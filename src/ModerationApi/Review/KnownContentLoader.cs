using ModerationApi.Engine.KnownContent;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>
/// Loads the persisted bank and allow list into the in-memory index at start-up. The first attempt runs before the
/// service takes requests; if the store is unreachable, attempts continue in the background until one succeeds.
/// </summary>
internal sealed partial class KnownContentLoader(IReviewStore store, KnownContentIndex index, ILogger<KnownContentLoader> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _retry;
    private int _disposed;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await TryLoadAsync(cancellationToken))
        {
            _retry = Task.Run(RetryAsync, CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host may dispose its services before a test server's second stop call reaches us.
        if (Volatile.Read(ref _disposed) == 0)
        {
            await _stopping.CancelAsync();
        }

        if (_retry is not null)
        {
            await _retry.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Dispose();
        }
    }

    private async Task RetryAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryDelay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryLoadAsync(_stopping.Token))
            {
                return;
            }
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await store.LoadKnownContentAsync(cancellationToken).AsTask().WaitAsync(AttemptTimeout, cancellationToken);
            foreach (var entry in snapshot.Blocked)
            {
                index.AddBlocked(entry);
            }

            foreach (var (hash, itemId) in snapshot.Allowed)
            {
                index.AddAllowed(hash, itemId);
            }

            LogLoaded(logger, index.BlockedCount, index.AllowedCount);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogLoadFailed(logger, ex.GetType().Name, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Known-content bank loaded: {Blocked} confirmed, {Allowed} allow-listed.")]
    private static partial void LogLoaded(ILogger logger, int blocked, int allowed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the known-content bank ({Error}: {Reason}); retrying in the background. Until then confirmed re-posts are not blocked.")]
    private static partial void LogLoadFailed(ILogger logger, string error, string reason);
}
