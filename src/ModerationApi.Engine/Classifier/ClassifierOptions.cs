using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Engine.Classifier;

/// <summary>The model stage (section <c>Classifier</c>). Defaults run the shipped heads on 2 threads.</summary>
public sealed class ClassifierOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "Classifier";

    /// <summary>Run the model; false serves rules only (modelVersion "none").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The trained heads (ONNX); default <c>models/heads/heads.onnx</c> next to the executable.</summary>
    public string HeadsPath { get; set; } = string.Empty;

    /// <summary>ONNX Runtime threads per encoder call.</summary>
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

    /// <summary>The Arabic model; default <c>models/arabic/arabic.bin</c> next to the executable.</summary>
    public string ArabicModelPath { get; set; } = string.Empty;

    /// <summary><see cref="ArabicModelPath"/> made absolute, or the shipped Arabic model.</summary>
    public string ResolvedArabicModelPath => string.IsNullOrWhiteSpace(ArabicModelPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "arabic", "arabic.bin")
        : Path.GetFullPath(ArabicModelPath);

    /// <summary><see cref="HeadsPath"/> made absolute, or the shipped heads.</summary>
    public string ResolvedHeadsPath => string.IsNullOrWhiteSpace(HeadsPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx")
        : Path.GetFullPath(HeadsPath);
}
