using System.Threading.Channels;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Pipeline;

/// <summary>
/// A stand-in model: scores each text with its length, records every batch it is given, can be held shut so tests
/// decide when a batch finishes, and throws for batches holding <see cref="Poison"/>.
/// </summary>
internal sealed class GatedClassifier : ITextClassifier
{
    public const string Label = "length";
    public const string Poison = "boom";

    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly List<string[]> _batches = [];
    private readonly Channel<string[]> _entered = Channel.CreateUnbounded<string[]>();
    private TaskCompletionSource _gate = Open();

    public string Version => "fake-encoder-1";

    public IReadOnlyList<string[]> Batches
    {
        get
        {
            lock (_lock)
            {
                return [.. _batches];
            }
        }
    }

    public IReadOnlyList<string> TextsSeen => [.. Batches.SelectMany(b => b)];

    /// <summary>Batches entering from now on wait until <see cref="Release"/>.</summary>
    public void Block() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    /// <summary>The next batch to reach the model (test-side; a guard keeps a broken batcher from hanging the run).</summary>
    public async Task<string[]> NextBatchAsync() =>
        await _entered.Reader.ReadAsync().AsTask().WaitAsync(GiveUp);

    public async ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        string[] batch = [.. texts];
        var gate = _gate.Task;
        lock (_lock)
        {
            _batches.Add(batch);
        }

        _entered.Writer.TryWrite(batch);
        // A test that fails while the gate is shut must not hang in the batcher's dispose: the gate gives up itself.
        await gate.WaitAsync(GiveUp, cancellationToken);
        if (batch.Contains(Poison))
        {
            throw new InvalidOperationException("the model fell over");
        }

        return [.. batch.Select(Score)];
    }

    public static ModelScores Score(string text) =>
        new(new Dictionary<string, double> { [Label] = text.Length }, []);

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource();
        open.SetResult();
        return open;
    }
}
