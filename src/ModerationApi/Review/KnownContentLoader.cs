using Microsoft.Extensions.Options;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>
/// Has the engine load the persisted bank and allow list (with each new confirmed item's fingerprint, read from its
/// text): once before the service takes requests, then
/// again whenever the store's known-content version changes (another instance recorded a confirm or dismiss). If the
/// store is unreachable, attempts continue in the background.
/// </summary>
internal sealed partial class KnownContentLoader(
    IReviewStore store,
    ModerationEngine engine,
    IOptions<ReviewOptions> options,
    ILogger<KnownContentLoader> logger)
    : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    // Only another process can change a shared store behind this one's back.
    private readonly TimeSpan _refresh = store is MemoryReviewStore ? TimeSpan.Zero : options.Value.KnownContentRefresh;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _background;
    private bool _loaded;
    private readonly Lock _gate = new();
    private bool _disposed;
    private bool _failureLogged;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loaded = await TryLoadAsync(cancellationToken);
        if (!loaded || _refresh > TimeSpan.Zero)
        {
            _background = Task.Run(() => KeepLoadingAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Stop(dispose: false);
        if (_background is not null)
        {
            await _background.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => Stop(dispose: true);

    // The host may dispose its services while, or before, a test server's stop call reaches StopAsync, so cancelling
    // and disposing share one lock: a check of a flag followed by a cancel could still meet a disposed source.
    private void Stop(bool dispose)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _stopping.Cancel();
            if (dispose)
            {
                _disposed = true;
                _stopping.Dispose();
            }
        }
    }

    private async Task KeepLoadingAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(!_loaded || _refresh <= TimeSpan.Zero ? RetryDelay : _refresh, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryLoadAsync(stopping) && _refresh <= TimeSpan.Zero)
            {
                return;
            }
        }
    }

    private async Task<bool> TryLoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await engine.RefreshKnownContentAsync(AttemptTimeout, cancellationToken))
            {
                LogLoaded(logger, engine.KnownContentCounts.Blocked, engine.KnownContentCounts.Allowed);
            }

            _loaded = true;
            _failureLogged = false;
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (!_failureLogged)
            {
                _failureLogged = true;
                LogLoadFailed(logger, ex.GetType().Name, ex.Message);
            }

            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Known-content bank loaded: {Blocked} confirmed, {Allowed} allow-listed.")]
    private static partial void LogLoaded(ILogger logger, int blocked, int allowed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the known-content bank ({Error}: {Reason}); retrying in the background. Until then confirmed re-posts are not blocked.")]
    private static partial void LogLoadFailed(ILogger logger, string error, string reason);
}
