using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Observability;
using ModerationApi.Security;

namespace ModerationApi.Admission;

/// <summary>
/// Admits model work by its cost: counts the model tokens of the posts the cache did not answer, refuses a request over
/// its budget (413) or a key over its tokens per window (429), and gives each admitted request a deadline.
/// </summary>
internal sealed class ModelAdmission : IDisposable
{
    private readonly OnnxTextClassifier? _model;
    private readonly MicroBatchingClassifier? _queue;
    private readonly AdmissionOptions _options;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly ModerationMetrics _metrics;
    private readonly PartitionedRateLimiter<string> _perKey;
    private long _lastRefusedTicks = long.MinValue;

    public ModelAdmission(
        IServiceProvider services, IOptions<AdmissionOptions> options, IOptions<RateLimitOptions> rateLimit, TimeProvider time, ModerationMetrics metrics)
    {
        _model = services.GetService<OnnxTextClassifier>();
        _queue = services.GetService<MicroBatchingClassifier>();
        _options = options.Value;
        _window = rateLimit.Value.Window;
        _time = time;
        _metrics = metrics;
        var limit = _options.KeyTokensPerWindow;
        var window = _window;
        _perKey = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = window,
            QueueLimit = 0,
        }));
    }

    /// <summary>
    /// Counts the model tokens each post needs and admits them: refuses the request (413) over its budget, counting
    /// no further than the budget so an oversized request costs little to refuse, or (429) when the key is over its
    /// tokens per window; otherwise charges the key. Null when no model runs (then nothing is limited here).
    /// </summary>
    public int[]? Admit(IReadOnlyList<string> texts, string apiKey)
    {
        if (_model is null)
        {
            return null;
        }

        var costs = new int[texts.Count];
        long cost = 0;
        for (var i = 0; i < costs.Length; i++)
        {
            costs[i] = _model.CostOf(texts[i]);
            cost += costs[i];
            if (cost > _options.MaxRequestTokens)
            {
                _metrics.AdmissionRefused("request_budget");
                throw new ModelBudgetExceededException(cost, _options.MaxRequestTokens, counted: i + 1, of: texts.Count);
            }
        }

        if (cost == 0)
        {
            return costs;
        }

        using var lease = _perKey.AttemptAcquire(apiKey, (int)cost);
        if (!lease.IsAcquired)
        {
            _metrics.AdmissionRefused("key_tokens");
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : _window;
            throw new KeyModelLimitException(cost, _options.KeyTokensPerWindow, _window, retryAfter);
        }

        _metrics.ModelTokensAdmitted(cost);
        return costs;
    }

    /// <summary>A token that ends when the caller goes or the model deadline passes, whichever is first.</summary>
    public CancellationTokenSource Deadline(CancellationToken requestAborted)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(_options.ModelDeadline);
        return deadline;
    }

    public TimeSpan ModelDeadline => _options.ModelDeadline;

    /// <summary>Notes that the model queue refused a request, for readiness.</summary>
    public void QueueRefused()
    {
        _metrics.AdmissionRefused("queue_full");
        Interlocked.Exchange(ref _lastRefusedTicks, _time.GetTimestamp());
    }

    /// <summary>Why the model queue counts as saturated now, or null when it does not.</summary>
    public string? Saturation()
    {
        if (_queue is null)
        {
            return null;
        }

        var queued = _queue.QueuedCost;
        if (queued >= _options.SaturatedAt * _queue.Capacity)
        {
            return $"{queued} of {_queue.Capacity} model tokens are waiting.";
        }

        var refused = Interlocked.Read(ref _lastRefusedTicks);
        if (refused != long.MinValue && _time.GetElapsedTime(refused) < _options.SaturationMemory)
        {
            return "The model queue refused a request within the last " + _options.SaturationMemory.TotalSeconds + " s.";
        }

        return null;
    }

    public void Dispose() => _perKey.Dispose();
}
