using System.ComponentModel.DataAnnotations;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Classifier;

/// <summary>The model stage (section <c>Classifier</c>). Defaults run the shipped heads on 2 threads.</summary>
internal sealed class ClassifierOptions
{
    public const string SectionName = "Classifier";

    /// <summary>Run the model; false serves rules only (modelVersion "none").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The trained heads (ONNX); default <c>models/heads/heads.onnx</c> next to the executable.</summary>
    public string HeadsPath { get; set; } = string.Empty;

    /// <summary>
    /// Merge the fine-tuning adapter into the encoder at load (default). The shipped heads are trained on the merged
    /// encoder; turn it off only with heads trained on the base model.
    /// </summary>
    public bool UseAdapter { get; set; } = true;

    /// <summary>The encoder adapter; default <c>models/encoder/adapter.bin</c> next to the executable.</summary>
    public string AdapterPath { get; set; } = string.Empty;

    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 2;

    /// <summary>Whether ONNX Runtime's threads spin while waiting for work (see benchmarks/RESULTS.md).</summary>
    public bool AllowSpinning { get; set; } = true;

    /// <summary>Posts the micro-batcher hands the model at once; the encoder sorts them by length.</summary>
    [Range(1, 256)]
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>
    /// At most this many sequences per ONNX Runtime call; the encoder also cuts a batch where lengths jump, so each
    /// call pads little.
    /// </summary>
    [Range(1, 256)]
    public int EncoderBatchSize { get; set; } = 32;

    /// <summary>How long the first post of a model batch may wait for company.</summary>
    [Range(0, 1000)]
    public int MaxWaitMilliseconds { get; set; } = 2;

    /// <summary>Posts waiting for the model before new ones are refused with 503 and Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1024;

    public string ResolvedHeadsPath => string.IsNullOrWhiteSpace(HeadsPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx")
        : Path.GetFullPath(HeadsPath);

    public string ResolvedAdapterPath => string.IsNullOrWhiteSpace(AdapterPath)
        ? EncoderAdapter.DefaultPath
        : Path.GetFullPath(AdapterPath);
}
