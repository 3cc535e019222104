using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Coalesces concurrent calls into model batches, because the encoder is only fast in batches, and bounds the model
/// work that may wait so overload is refused at once (<see cref="ModelQueueFullException"/>) rather than queued forever.
/// </summary>
/// <remarks>
/// <para>
/// Work is counted in cost units (<see cref="MicroBatchOptions.Cost"/>; the service counts model tokens), not in
/// texts: the queue's capacity and each batch's size are bounded in cost, so one batch is bounded model time whatever
/// the texts look like.
/// </para>
/// <para>
/// Batches are filled round-robin over the waiting requests, at most one text from each per round, and a text only
/// once its request has earned its cost at <see cref="MicroBatchOptions.FairShareQuantum"/> per round (deficit
/// round-robin), so requests share the model equally by cost, not by text count. A cheap post that arrives behind large
/// requests is in the very next batch (while fewer requests wait than fit in one): it waits for at most the batch
/// already at the model. A request is accepted whole or not at all; results come back in its own order. A caller cancelled (gone, or
/// past its deadline) while any of its texts is still waiting gets <see cref="OperationCanceledException"/> and those
/// texts never reach the model; once all are in batches the request finishes.
/// </para>
/// </remarks>
public sealed partial class MicroBatchingClassifier : ITextClassifier, IAsyncDisposable
{
    // Before the first batch there is no throughput to divide by; the estimate's floor stands in.
    private static readonly TimeSpan MinimumRetryAfter = TimeSpan.FromSeconds(1);

    // Weight of the newest batch in the seconds-per-unit average: recent enough to follow load, smooth enough
    // that one odd batch does not swing Retry-After.
    private const double ThroughputSmoothing = 0.2;

    private readonly ITextClassifier _inner;
    private readonly int _maxBatchSize;
    private readonly long _maxBatchCost;
    private readonly TimeSpan _maxWait;
    private readonly long _capacity;
    private readonly int _workers;
    private readonly Func<string, int>? _cost;
    private readonly long _quantum;

    private readonly Lock _lock = new();

    // Requests with texts not yet taken, in arrival order; _cursor is where the next round-robin pick starts.
    private readonly List<PendingRequest> _waiting = [];
    private readonly Task[] _loops;
    private int _cursor;

    // The batch being formed (a number) and the cost each waiting request may put into it.
    private long _forming;
    private long _share;
    private TaskCompletionSource _arrived = NewSignal();
    private long _sequence;
    private long _queuedCost;
    private int _queuedTexts;
    private long _batchesRun;
    private long _textsScored;
    private long _droppedTexts;
    private double _secondsPerUnit;
    private bool _disposed;

    /// <summary>Starts the batch loops over <paramref name="inner"/>.</summary>
    /// <param name="inner">The classifier that scores whole batches.</param>
    /// <param name="options">Batching and queue limits; defaults when omitted.</param>
    public MicroBatchingClassifier(ITextClassifier inner, MicroBatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        options ??= new MicroBatchOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchCost, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxWait, TimeSpan.Zero, nameof(options));
        // Timers cannot wait longer than this; anything near it would be a configuration slip anyway.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxWait, TimeSpan.FromMilliseconds(int.MaxValue), nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.FairShareQuantum, 1, nameof(options));

        _inner = inner;
        _maxBatchSize = options.MaxBatchSize;
        _maxBatchCost = options.MaxBatchCost;
        _maxWait = options.MaxWait;
        _capacity = options.QueueCapacity;
        _workers = options.Workers;
        _cost = options.Cost;
        _quantum = options.FairShareQuantum;
        _loops = new Task[_workers];
        for (var i = 0; i < _loops.Length; i++)
        {
            _loops[i] = Task.Run(RunLoopAsync);
        }
    }

    /// <summary>Raised after each model call with its batch size, whether or not it succeeded (for a histogram).</summary>
    public event Action<int>? BatchCompleted;

    /// <summary>
    /// Raised when a request's last text is taken into a batch, with the number of batches that began while it had
    /// texts waiting. A one-text request always reports 0: it goes into the first batch formed after it arrives, so it
    /// waits at most for the batch already at the model. Raised under the batcher's lock; subscribers must be quick.
    /// </summary>
    public event Action<int>? RequestAdmitted;

    /// <inheritdoc />
    public string Version => _inner.Version;

    /// <summary>Texts accepted but not yet taken into a batch.</summary>
    public int QueuedTexts => Volatile.Read(ref _queuedTexts);

    /// <summary>Cost of the texts accepted but not yet taken into a batch.</summary>
    public long QueuedCost => Interlocked.Read(ref _queuedCost);

    /// <summary>The most cost that may wait (<see cref="MicroBatchOptions.QueueCapacity"/>).</summary>
    public long Capacity => _capacity;

    /// <summary>Model calls made so far, including failed ones.</summary>
    public long BatchesRun => Interlocked.Read(ref _batchesRun);

    /// <summary>Texts the model has scored successfully so far.</summary>
    public long TextsScored => Interlocked.Read(ref _textsScored);

    /// <summary>Texts accepted that never reached the model: their caller was cancelled, their request failed, or the batcher was disposed.</summary>
    public long TextsDropped => Interlocked.Read(ref _droppedTexts);

    /// <summary>
    /// Queues <paramref name="texts"/> for the next batches and completes when all are scored. Fails with
    /// <see cref="ModelQueueFullException"/> at once, queuing nothing, when they do not all fit. Each text costs what
    /// <see cref="MicroBatchOptions.Cost"/> says (one when unset).
    /// </summary>
    /// <exception cref="ArgumentException">More work than the queue can ever hold.</exception>
    /// <exception cref="ObjectDisposedException">The classifier is disposed.</exception>
    public ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        ClassifyAsync(texts, null, cancellationToken);

    /// <summary>
    /// The same, with each text's cost given (a caller that has already counted it for admission need not count again).
    /// </summary>
    /// <exception cref="ArgumentException">More work than the queue can ever hold, or costs that do not match the texts.</exception>
    /// <exception cref="ObjectDisposedException">The classifier is disposed.</exception>
    public ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, IReadOnlyList<int>? costs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (costs is not null && costs.Count != texts.Count)
        {
            throw new ArgumentException($"{costs.Count} costs for {texts.Count} texts.", nameof(costs));
        }

        var unitCosts = new int[texts.Count];
        long total = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            // Even a text the model skips costs a slot, so the queue always bounds the number of texts too.
            unitCosts[i] = Math.Max(1, costs?[i] ?? _cost?.Invoke(texts[i]) ?? 1);
            total += unitCosts[i];
        }

        if (total > _capacity)
        {
            // Retrying could never help, so this is the caller's mistake, not back-pressure.
            throw new ArgumentException($"Work of {total} exceeds the model queue capacity of {_capacity}.", nameof(texts));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<IReadOnlyList<ModelScores>>(cancellationToken);
        }

        if (texts.Count == 0)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
            return new ValueTask<IReadOnlyList<ModelScores>>(Array.Empty<ModelScores>());
        }

        PendingRequest request;
        TaskCompletionSource arrived;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var queued = Interlocked.Read(ref _queuedCost);
            if (queued + total > _capacity)
            {
                return ValueTask.FromException<IReadOnlyList<ModelScores>>(new ModelQueueFullException(EstimateRetryAfter(queued)));
            }

            request = new PendingRequest(texts, unitCosts, _sequence++);
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

            _waiting.Add(request);
            Interlocked.Add(ref _queuedCost, total);
            Interlocked.Add(ref _queuedTexts, texts.Count);
            arrived = _arrived;
            _arrived = NewSignal();
        }

        arrived.TrySetResult();
        return new ValueTask<IReadOnlyList<ModelScores>>(request.Completion);
    }

    /// <summary>
    /// Stops accepting texts, fails callers whose texts are still queued with <see cref="ObjectDisposedException"/>,
    /// and waits for batches already at the model to finish.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        TaskCompletionSource? arrived = null;
        List<PendingRequest>? abandoned = null;
        lock (_lock)
        {
            if (!_disposed)
            {
                _disposed = true;
                abandoned = [];
                foreach (var request in _waiting)
                {
                    Release(request, request.AbandonUntaken());
                    abandoned.Add(request);
                }

                _waiting.Clear();
                arrived = _arrived;
            }
        }

        if (abandoned is not null)
        {
            var disposed = new ObjectDisposedException(GetType().FullName);
            foreach (var request in abandoned)
            {
                request.Fail(disposed);
            }
        }

        arrived?.TrySetResult();
        await Task.WhenAll(_loops).ConfigureAwait(false);
    }

    /// <summary>Retry-After for a backlog: the time to work it off at the recent rate, in whole seconds, at least one.</summary>
    internal static TimeSpan EstimateRetryAfter(long queuedCost, double secondsPerUnit, int workers)
    {
        var seconds = Math.Ceiling(queuedCost * secondsPerUnit / workers);
        return seconds > MinimumRetryAfter.TotalSeconds ? TimeSpan.FromSeconds(seconds) : MinimumRetryAfter;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TimeSpan EstimateRetryAfter(long queuedCost) =>
        EstimateRetryAfter(queuedCost, Volatile.Read(ref _secondsPerUnit), _workers);

    // Under _lock.
    private void Release(PendingRequest request, long cost)
    {
        if (cost <= 0)
        {
            return;
        }

        var texts = request.Texts.Count - request.Next;
        Interlocked.Add(ref _queuedCost, -cost);
        Interlocked.Add(ref _queuedTexts, -texts);
        Interlocked.Add(ref _droppedTexts, texts);
    }

    private void OnCancelled(PendingRequest request, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var released = request.AbandonUntaken();
            if (released == 0)
            {
                // Every text is already at the model (or the request ended): let it finish.
                return;
            }

            // Room comes back now, and the texts leave the rounds, so a stalled model is not also blocked by callers
            // who have gone away.
            Release(request, released);
            RemoveWaiting(request);
        }

        request.Cancel(cancellationToken);
    }

    // Under _lock.
    private void RemoveWaiting(PendingRequest request)
    {
        var at = _waiting.IndexOf(request);
        if (at < 0)
        {
            return;
        }

        _waiting.RemoveAt(at);
        if (at < _cursor)
        {
            _cursor--;
        }

        if (_cursor >= _waiting.Count)
        {
            _cursor = 0;
        }
    }
}
