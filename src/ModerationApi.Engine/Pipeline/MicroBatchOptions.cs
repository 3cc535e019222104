namespace ModerationApi.Engine.Pipeline;

/// <summary>How <see cref="MicroBatchingClassifier"/> coalesces calls into model batches and bounds waiting work.</summary>
public sealed class MicroBatchOptions
{
    /// <summary>The most texts sent to the model in one call. Default 32: past that the encoder gains nothing on 2 cores.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// The most cost (see <see cref="Cost"/>) sent to the model in one call, which bounds how long one batch, and so
    /// any caller's wait behind it, can take. A single text costlier than this still runs, alone. Default: no bound
    /// beyond <see cref="MaxBatchSize"/>.
    /// </summary>
    public long MaxBatchCost { get; init; } = long.MaxValue;

    /// <summary>
    /// How long the first text of a batch may wait for company while the batch is not full. Default 2 ms: a little
    /// latency buys larger batches under load; zero sends whatever is already queued at once.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most cost waiting for the model before requests are refused. Default 1024 (texts, with no <see cref="Cost"/>).</summary>
    public long QueueCapacity { get; init; } = 1024;

    /// <summary>Concurrent model calls. Default 1, because the ONNX runtime already uses every core for one batch.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// The cost each waiting request earns per round of the batcher's deficit round-robin. Default 1: with unit costs,
    /// plain round-robin. The service uses one full window's tokens, so a tweet goes at once and a 4-window text every
    /// fourth round.
    /// </summary>
    public long FairShareQuantum { get; init; } = 1;

    /// <summary>
    /// The model work a text costs, in any unit the capacities share (the service uses model tokens); values below one
    /// count as one. Null: every text costs one, and the capacities count texts.
    /// </summary>
    public Func<string, int>? Cost { get; init; }
}
