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

    /// <summary>
    /// Merge the fine-tuning adapter into the encoder at load (default). The shipped heads are trained on the merged
    /// encoder; turn it off only with heads trained on the base model.
    /// </summary>
    public bool UseAdapter { get; set; } = true;

    /// <summary>
    /// The encoder's arithmetic. Default <see cref="EncoderPrecision.Fp32"/>: on the shipped encoder the int8 one (the
    /// merged encoder quantised at start-up, about twice as fast here) recalls fewer extremist quotes than fp32, more than
    /// the one point allowed (models/README.md, "Int8 encoder"). The default heads follow the precision:
    /// <c>heads.onnx</c> for fp32, <c>heads-int8.onnx</c> for int8; heads trained on the other precision refuse to load.
    /// </summary>
    public EncoderPrecision Precision { get; set; } = EncoderPrecision.Fp32;

    /// <summary>The encoder adapter; default <c>models/encoder/adapter.bin</c> next to the executable.</summary>
    public string AdapterPath { get; set; } = string.Empty;

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

    /// <summary>
    /// Model tokens (see <c>Admission</c>) waiting for the model before new requests are refused with 503 and
    /// Retry-After. Default 262,144: 2,048 full windows, about a minute and a half of model time on 2 cores.
    /// </summary>
    [Range(128, 100_000_000)]
    public int QueueCapacity { get; set; } = 262_144;

    /// <summary>
    /// Model tokens per model call: bounds one batch's time, and so how long any post waits behind another caller's
    /// work (at most the one batch already running). Default 2,048: 16 full windows or about 32 tweets, half a second
    /// on 2 idle cores.
    /// </summary>
    [Range(128, 1_000_000)]
    public int MaxBatchTokens { get; set; } = 2048;

    /// <summary>The Arabic model; default <c>models/arabic/arabic.bin</c> next to the executable.</summary>
    public string ArabicModelPath { get; set; } = string.Empty;

    /// <summary><see cref="ArabicModelPath"/> made absolute, or the shipped Arabic model.</summary>
    public string ResolvedArabicModelPath => string.IsNullOrWhiteSpace(ArabicModelPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "arabic", "arabic.bin")
        : Path.GetFullPath(ArabicModelPath);

    /// <summary><see cref="HeadsPath"/> made absolute, or the shipped heads for <see cref="Precision"/>.</summary>
    public string ResolvedHeadsPath => string.IsNullOrWhiteSpace(HeadsPath)
        ? Path.Combine(AppContext.BaseDirectory, "models", "heads", Precision == EncoderPrecision.Int8 ? "heads-int8.onnx" : "heads.onnx")
        : Path.GetFullPath(HeadsPath);

    /// <summary><see cref="AdapterPath"/> made absolute, or the shipped adapter.</summary>
    public string ResolvedAdapterPath => string.IsNullOrWhiteSpace(AdapterPath)
        ? EncoderAdapter.DefaultPath
        : Path.GetFullPath(AdapterPath);
}
