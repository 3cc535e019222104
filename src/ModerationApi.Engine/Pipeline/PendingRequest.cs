using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// One caller's texts on their way through the batcher: collects the results, possibly from several batches, and
/// completes the caller once every text is scored or the request is given up.
/// </summary>
internal sealed class PendingRequest
{
    // Untaken texts count down as batches take them; Abandoned marks a request nobody waits for, so its texts
    // still in the channel are skipped instead of being sent to the model.
    private const int Abandoned = -1;

    private readonly TaskCompletionSource<IReadOnlyList<ModelScores>> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously); // never run caller code on the batch loop
    private readonly ModelScores[] _results;
    private int _untaken;
    private int _unscored;
    private CancellationTokenRegistration _registration;

    public PendingRequest(IReadOnlyList<string> texts)
    {
        Texts = texts;
        _results = new ModelScores[texts.Count];
        _untaken = texts.Count;
        _unscored = texts.Count;
    }

    public IReadOnlyList<string> Texts { get; }

    public Task<IReadOnlyList<ModelScores>> Completion => _completion.Task;

    /// <summary>Set before any text is queued, so the batch loop always sees it.</summary>
    public void WatchCancellation(CancellationTokenRegistration registration) => _registration = registration;

    /// <summary>Claims one text for a batch; false when the request was abandoned and the text must be skipped.</summary>
    public bool TryTake()
    {
        while (true)
        {
            var untaken = Volatile.Read(ref _untaken);
            if (untaken <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _untaken, untaken - 1, untaken) == untaken)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// Stops the texts not yet taken from ever being taken. Returns how many there were: zero when every text is
    /// already in a batch (the request will finish) or it was abandoned before.
    /// </summary>
    public int AbandonUntaken()
    {
        while (true)
        {
            var untaken = Volatile.Read(ref _untaken);
            if (untaken <= 0)
            {
                return 0;
            }

            if (Interlocked.CompareExchange(ref _untaken, Abandoned, untaken) == untaken)
            {
                return untaken;
            }
        }
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
