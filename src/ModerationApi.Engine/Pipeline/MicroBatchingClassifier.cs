using System.Diagnostics;
using System.Threading.Channels;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Coalesces concurrent calls into model batches, because the encoder is only fast in batches, and bounds how many
/// texts may wait so overload is refused at once (<see cref="ModelQueueFullException"/>) rather than queued forever.
/// </summary>
/// <remarks>
/// A request is accepted whole or not at all. Its texts may be spread over several batches; results come back in
/// its own order. A caller cancelled while any of its texts is still queued gets <see cref="OperationCanceledException"/>
/// and those texts are skipped; once all are in batches the request finishes.
/// </remarks>
public sealed class MicroBatchingClassifier : ITextClassifier, IAsyncDisposable
{
    // Before the first batch there is no throughput to divide by; the estimate's floor stands in.
    private static readonly TimeSpan MinimumRetryAfter = TimeSpan.FromSeconds(1);

    // Weight of the newest batch in the seconds-per-text average: recent enough to follow load, smooth enough
    // that one odd batch does not swing Retry-After.
    private const double ThroughputSmoothing = 0.2;

    private readonly ITextClassifier _inner;
    private readonly int _maxBatchSize;
    private readonly int _maxLargeRequestBatch;
    private readonly TimeSpan _maxWait;
    private readonly int _capacity;
    private readonly int _workers;

    // Unbounded, because a bounded channel cannot accept a multi-text request all or nothing; _queued is the bound.
    private readonly Channel<QueuedText> _channel;
    private readonly Task[] _loops;
    private int _queued;
    private long _batchesRun;
    private long _textsScored;
    private double _secondsPerText;
    private int _disposed;

    /// <summary>Starts the batch loops over <paramref name="inner"/>.</summary>
    /// <param name="inner">The classifier that scores whole batches.</param>
    /// <param name="options">Batching and queue limits; defaults when omitted.</param>
    public MicroBatchingClassifier(ITextClassifier inner, MicroBatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        options ??= new MicroBatchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWait, TimeSpan.Zero, nameof(options));
        // Timers cannot wait longer than this; anything near it would be a configuration slip anyway.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxWait, TimeSpan.FromMilliseconds(int.MaxValue), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options));

        _inner = inner;
        _maxBatchSize = options.MaxBatchSize;
        _maxLargeRequestBatch = Math.Max(options.MaxBatchSize, options.MaxLargeRequestBatch ?? options.MaxBatchSize);
        _maxWait = options.MaxWait;
        _capacity = options.QueueCapacity;
        _workers = options.Workers;
        _channel = Channel.CreateUnbounded<QueuedText>(new UnboundedChannelOptions
        {
            SingleReader = _workers == 1,
            SingleWriter = false,
        });
        _loops = new Task[_workers];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = Task.Run(RunLoopAsync);
        }
    }

    /// <summary>Raised after each model call with its batch size, whether or not it succeeded (for a histogram).</summary>
    public event Action<int>? BatchCompleted;

    /// <inheritdoc />
    public string Version => _inner.Version;

    /// <summary>Texts accepted but not yet taken into a batch.</summary>
    public int QueuedTexts => Volatile.Read(ref _queued);

    /// <summary>Model calls made so far, including failed ones.</summary>
    public long BatchesRun => Interlocked.Read(ref _batchesRun);

    /// <summary>Texts the model has scored successfully so far.</summary>
    public long TextsScored => Interlocked.Read(ref _textsScored);

    /// <summary>
    /// Queues <paramref name="texts"/> for the next batches and completes when all are scored. Fails with
    /// <see cref="ModelQueueFullException"/> at once, queuing nothing, when they do not all fit.
    /// </summary>
    /// <exception cref="ArgumentException">More texts than the queue can ever hold.</exception>
    /// <exception cref="ObjectDisposedException">The classifier is disposed.</exception>
    public ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count > _capacity)
        {
            // Retrying could never help, so this is the caller's mistake, not back-pressure.
            throw new ArgumentException($"{texts.Count} texts exceed the model queue capacity of {_capacity}.", nameof(texts));
        }

        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IReadOnlyList<ModelScores>>(cancellationToken);
        }

        if (texts.Count == 0)
        {
            return new ValueTask<IReadOnlyList<ModelScores>>(Array.Empty<ModelScores>());
        }

        if (!TryReserve(texts.Count, out var queued))
        {
            return ValueTask.FromException<IReadOnlyList<ModelScores>>(new ModelQueueFullException(EstimateRetryAfter(queued)));
        }

        var request = new PendingRequest(texts);
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the texts are visible to a batch loop, so completion always unregisters it.
            request.WatchCancellation(cancellationToken.UnsafeRegister(
                static (state, token) =>
                {
                    var (owner, pending) = ((MicroBatchingClassifier, PendingRequest))state!;
                    owner.OnCancelled(pending, token);
                },
                (this, request)));
        }

        for (var i = 0; i < texts.Count; i++)
        {
            if (!_channel.Writer.TryWrite(new QueuedText(request, i)))
            {
                // Disposed meanwhile: give the reservation back; texts already written are skipped or drained.
                Release(request.AbandonUntaken());
                request.Fail(new ObjectDisposedException(GetType().FullName));
                break;
            }
        }

        return new ValueTask<IReadOnlyList<ModelScores>>(request.Completion);
    }

    /// <summary>
    /// Stops accepting texts, fails callers whose texts are still queued with <see cref="ObjectDisposedException"/>,
    /// and waits for batches already at the model to finish.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _channel.Writer.TryComplete();
            var disposed = new ObjectDisposedException(GetType().FullName);
            while (_channel.Reader.TryRead(out var item))
            {
                var released = item.Request.AbandonUntaken();
                if (released > 0)
                {
                    Release(released);
                    item.Request.Fail(disposed);
                }
            }
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    /// <summary>Retry-After for a backlog: the time to score it at the recent rate, in whole seconds, at least one.</summary>
    internal static TimeSpan EstimateRetryAfter(int queuedTexts, double secondsPerText, int workers)
    {
        var seconds = Math.Ceiling(queuedTexts * secondsPerText / workers);
        return seconds > MinimumRetryAfter.TotalSeconds ? TimeSpan.FromSeconds(seconds) : MinimumRetryAfter;
    }

    private TimeSpan EstimateRetryAfter(int queuedTexts) =>
        EstimateRetryAfter(queuedTexts, Volatile.Read(ref _secondsPerText), _workers);

    private bool TryReserve(int count, out int queued)
    {
        while (true)
        {
            queued = Volatile.Read(ref _queued);
            if (queued + count > _capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _queued, queued + count, queued) == queued)
            {
                return true;
            }
        }
    }

    private void Release(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _queued, -count);
        }
    }

    private void OnCancelled(PendingRequest request, CancellationToken cancellationToken)
    {
        var released = request.AbandonUntaken();
        if (released == 0)
        {
            // Every text is already at the model (or the request ended): let it finish.
            return;
        }

        // Room comes back now, not when the loop reaches the skipped texts, so a stalled model is not also
        // blocked by callers who have gone away.
        Release(released);
        request.Cancel(cancellationToken);
    }

    private async Task RunLoopAsync()
    {
        var batch = new List<QueuedText>(_maxBatchSize);
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            TakeQueued(batch);
            if (batch.Count == 0)
            {
                continue; // only skipped texts of abandoned requests, or another worker was faster
            }

            if (batch.Count < Limit(batch) && _maxWait > TimeSpan.Zero)
            {
                await WaitForCompanyAsync(batch).ConfigureAwait(false);
            }

            await RunBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private void TakeQueued(List<QueuedText> batch)
    {
        while (batch.Count < Limit(batch) && _channel.Reader.TryRead(out var item))
        {
            if (item.Request.TryTake())
            {
                Release(1);
                batch.Add(item);
            }
        }
    }

    // A request that is a batch by itself (the batch endpoint) goes to the model in one call of up to
    // MaxLargeRequestBatch texts, so the encoder can sort all of it by length: padding, not batch size, is what
    // costs time on this model.
    private int Limit(List<QueuedText> batch) =>
        batch.Count > 0 && batch[0].Request.Texts.Count >= _maxBatchSize ? _maxLargeRequestBatch : _maxBatchSize;

    private async Task WaitForCompanyAsync(List<QueuedText> batch)
    {
        using var timeout = new CancellationTokenSource(_maxWait);
        try
        {
            while (batch.Count < Limit(batch) && await _channel.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                TakeQueued(batch);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // MaxWait is up: go with what we have.
        }
    }

    private async Task RunBatchAsync(List<QueuedText> batch)
    {
        var texts = new string[batch.Count];
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = batch[i].Text;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not the callers' tokens: the batch serves many callers, and one leaving must not fail the others.
            var results = await _inner.ClassifyAsync(texts, CancellationToken.None).ConfigureAwait(false);
            if (results.Count != texts.Length)
            {
                throw new InvalidOperationException(
                    $"The classifier returned {results.Count} results for {texts.Length} texts.");
            }

            RecordThroughput(Stopwatch.GetElapsedTime(started).TotalSeconds / texts.Length);
            Interlocked.Add(ref _textsScored, texts.Length);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Request.SetResult(batch[i].Index, results[i]);
            }
        }
        catch (Exception ex)
        {
            // The whole request fails, so its texts still queued for later batches are dropped too.
            foreach (var item in batch)
            {
                Release(item.Request.AbandonUntaken());
                item.Request.Fail(ex);
            }
        }

        Interlocked.Increment(ref _batchesRun);
        try
        {
            BatchCompleted?.Invoke(batch.Count);
        }
        catch (Exception)
        {
            // A metrics subscriber must not stop the model from serving.
        }
    }

    private void RecordThroughput(double secondsPerText)
    {
        // Workers may race here; losing one sample of a moving average does not matter.
        var previous = Volatile.Read(ref _secondsPerText);
        var next = previous == 0 ? secondsPerText : previous + (ThroughputSmoothing * (secondsPerText - previous));
        Volatile.Write(ref _secondsPerText, next);
    }
}
