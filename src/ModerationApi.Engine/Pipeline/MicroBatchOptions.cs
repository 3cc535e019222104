namespace ModerationApi.Engine.Pipeline;

/// <summary>How <see cref="MicroBatchingClassifier"/> coalesces single-post calls into model batches.</summary>
public sealed class MicroBatchOptions
{
    /// <summary>The most texts sent to the model in one call. Default 32: past that the encoder gains nothing on 2 cores.</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>
    /// How long the first text of a batch may wait for company while the batch is not full. Default 2 ms: a little
    /// latency buys larger batches under load; zero sends whatever is already queued at once.
    /// </summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most texts waiting for the model before requests are refused. Default 1024.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Concurrent model calls. Default 1, because the ONNX runtime already uses every core for one batch.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// How many texts of one request that holds at least <see cref="MaxBatchSize"/> texts go to the model in one
    /// call (null: <see cref="MaxBatchSize"/>). Larger calls let the model sort a whole batch request by length.
    /// </summary>
    public int? MaxLargeRequestBatch { get; init; }
}
