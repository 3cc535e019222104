using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// One caller's texts on their way through the batcher: hands them out cheapest first, collects the results, possibly
/// from several batches, and completes the caller once every text is scored or the request is given up.
/// </summary>
/// <remarks>
/// <see cref="Next"/>, <see cref="Take"/> and <see cref="AbandonUntaken"/> run under the batcher's lock; results and
/// completion may come from any batch loop.
/// </remarks>
internal sealed class PendingRequest
{
    private readonly TaskCompletionSource<IReadOnlyList<ModelScores>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously); // never run caller code on the batch loop
    private readonly ModelScores[] _results;
    private readonly int[] _costs;
    private readonly int[]? _order; // null: hand out in arrival order (one text, or already sorted)
    private int _unscored;
    private bool _abandoned;
    private CancellationTokenRegistration _registration;

    public PendingRequest(IReadOnlyList<string> texts, int[] costs, long sequence)
    {
        Texts = texts;
        _costs = costs;
        _results = new ModelScores[texts.Count];
        _unscored = texts.Count;
        Sequence = sequence;
        var sorted = true;
        for (var i = 0; i < costs.Length; i++)
        {
            UntakenCost += costs[i];
            sorted &= i == 0 || costs[i - 1] <= costs[i];
        }

        if (!sorted)
        {
            // A batch is padded to its longest text, and a large request is split over many batches: handing its texts
            // out by cost puts texts of similar length together (measured: arrival order cost the batch endpoint ~10 %).
            _order = new int[costs.Length];
            for (var i = 0; i < _order.Length; i++)
            {
                _order[i] = i;
            }

            var keys = (int[])costs.Clone();
            Array.Sort(keys, _order);
        }
    }

    public IReadOnlyList<string> Texts { get; }

    /// <summary>Arrival order, which fixes the order of the batcher's rounds.</summary>
    public long Sequence { get; }

    /// <summary>How many texts have been taken.</summary>
    public int Next { get; private set; }

    /// <summary>Cost of the text <see cref="Take"/> returns next; only while <see cref="HasUntaken"/>.</summary>
    public int NextCost => _costs[_order is null ? Next : _order[Next]];

    /// <summary>Model work of the texts not yet taken.</summary>
    public long UntakenCost { get; private set; }

    /// <summary>Cost earned but not yet spent in the batcher's deficit round-robin.</summary>
    public long Deficit { get; set; }

    /// <summary>The batch (by the batcher's count) <see cref="Spent"/> refers to.</summary>
    public long SpentIn { get; set; } = -1;

    /// <summary>Cost this request has put into batch <see cref="SpentIn"/>.</summary>
    public long Spent { get; set; }

    /// <summary>Batches that ran (or began) while this request still had texts waiting: what it was delayed by.</summary>
    public int BatchesWaited { get; set; }

    public bool HasUntaken => !_abandoned && Next < Texts.Count;

    public Task<IReadOnlyList<ModelScores>> Completion => _completion.Task;

    public int CostOf(int index) => _costs[index];

    /// <summary>Set before any text is queued, so completion always unregisters it.</summary>
    public void WatchCancellation(CancellationTokenRegistration registration) => _registration = registration;

    /// <summary>Claims the next text for a batch (the cheapest not yet taken) and returns its index in <see cref="Texts"/>.</summary>
    public int Take()
    {
        var index = _order is null ? Next : _order[Next];
        Next++;
        UntakenCost -= _costs[index];
        return index;
    }

    /// <summary>
    /// Stops the texts not yet taken from ever being taken. Returns their cost: zero when every text is already in a
    /// batch (the request will finish) or it was abandoned before.
    /// </summary>
    public long AbandonUntaken()
    {
        if (_abandoned || Next >= Texts.Count)
        {
            return 0;
        }

        _abandoned = true;
        var released = UntakenCost;
        UntakenCost = 0;
        return released;
    }

    public void SetResult(int index, ModelScores scores)
    {
        _results[index] = scores;
        // The decrement is a full fence: whoever sees zero sees every result written by every batch.
        if (Interlocked.Decrement(ref _unscored) == 0)
        {
            _registration.Unregister();
            _completion.TrySetResult(_results);
        }
    }

    public void Fail(Exception exception)
    {
        _registration.Unregister();
        _completion.TrySetException(exception);
    }

    public void Cancel(CancellationToken cancellationToken) => _completion.TrySetCanceled(cancellationToken);
}
