using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// The exported classification heads, loaded into ONNX Runtime. One <see cref="InferenceSession"/> serves every
/// caller: ONNX Runtime's <c>Run</c> is thread-safe, and this type keeps no other mutable state, so scoring may run
/// concurrently from any number of threads.
/// </summary>
public sealed class HeadModel : IDisposable
{
    private static readonly string[] InputNames = [HeadGraph.InputName];
    private static readonly string[] OutputNames = [HeadGraph.OutputName];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly string[] _labels;
    private readonly float[] _thresholds;
    private volatile bool _disposed;

    private HeadModel(InferenceSession session)
    {
        _session = session;
        _runOptions = new RunOptions();
        try
        {
            var metadata = session.ModelMetadata.CustomMetadataMap;
            Metadata = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
            _labels = HeadLabels.Validate(Required(metadata, HeadMetadataKeys.Labels).Split(','), "model");
            Version = Required(metadata, HeadMetadataKeys.Version);
            _thresholds = ReadThresholds(Required(metadata, HeadMetadataKeys.Thresholds), _labels);
            Dimension = CheckShape(session.InputMetadata, HeadGraph.InputName, expectedWidth: null);
            CheckShape(session.OutputMetadata, HeadGraph.OutputName, _labels.Length);
        }
        catch (ArgumentException e)
        {
            _runOptions.Dispose();
            throw new InvalidDataException($"The head model's metadata is invalid: {e.Message}", e);
        }
        catch
        {
            _runOptions.Dispose();
            throw;
        }
    }

    /// <summary>Label names, in the order of the score columns.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Decision threshold per label, parallel to <see cref="Labels"/>: flag when score ≥ threshold.</summary>
    public IReadOnlyList<float> Thresholds => _thresholds;

    /// <summary>The version string recorded when the model was exported.</summary>
    public string Version { get; }

    /// <summary>Embedding width the model takes.</summary>
    public int Dimension { get; }

    /// <summary>Every metadata entry of the model, including any extras recorded at export.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Loads a head model from an ONNX file.</summary>
    /// <exception cref="InvalidDataException">The model lacks the head metadata or has the wrong input/output shape.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot load the file.</exception>
    public static HeadModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Create(options => new InferenceSession(path, options));
    }

    /// <summary>Loads a head model from ONNX bytes.</summary>
    /// <exception cref="InvalidDataException">The model lacks the head metadata or has the wrong input/output shape.</exception>
    /// <exception cref="OnnxRuntimeException">ONNX Runtime cannot parse the bytes.</exception>
    public static HeadModel Load(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create(options => new InferenceSession(model, options));
    }

    /// <summary>Scores <paramref name="n"/> embeddings.</summary>
    /// <remarks>
    /// A span cannot be handed to native code without <c>fixed</c>, which this assembly does not allow, so the rows
    /// pass through pooled buffers (one copy in, one out; no allocation once the pool is warm). Callers holding
    /// arrays or <see cref="Memory{T}"/> can use the zero-copy overload.
    /// </remarks>
    /// <param name="embeddings"><paramref name="n"/> × <see cref="Dimension"/> floats, row by row.</param>
    /// <param name="n">Number of embeddings.</param>
    /// <param name="destination">Receives <paramref name="n"/> × <c>Labels.Count</c> scores, row by row.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong size.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public void Score(ReadOnlySpan<float> embeddings, int n, Span<float> destination)
    {
        var (inputLength, outputLength) = CheckBuffers(embeddings.Length, n, destination.Length);
        if (n == 0)
        {
            return;
        }

        var input = ArrayPool<float>.Shared.Rent(inputLength);
        var output = ArrayPool<float>.Shared.Rent(outputLength);
        try
        {
            embeddings.CopyTo(input);
            Run(input.AsMemory(0, inputLength), output.AsMemory(0, outputLength), n);
            output.AsSpan(0, outputLength).CopyTo(destination);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(output);
            ArrayPool<float>.Shared.Return(input);
        }
    }

    /// <summary>
    /// Scores <paramref name="n"/> embeddings with ONNX Runtime reading and writing the caller's memory directly.
    /// </summary>
    /// <param name="embeddings"><paramref name="n"/> × <see cref="Dimension"/> floats, row by row; not modified.</param>
    /// <param name="n">Number of embeddings.</param>
    /// <param name="destination">Receives <paramref name="n"/> × <c>Labels.Count</c> scores, row by row.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong size.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public void Score(ReadOnlyMemory<float> embeddings, int n, Memory<float> destination)
    {
        var (_, outputLength) = CheckBuffers(embeddings.Length, n, destination.Length);
        if (n == 0)
        {
            return;
        }

        // ONNX Runtime only reads graph inputs, so lending it the read-only memory as writable is safe.
        Run(MemoryMarshal.AsMemory(embeddings), destination[..outputLength], n);
    }

    /// <summary>Releases the ONNX Runtime session. Scoring afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _session.Dispose();
        _runOptions.Dispose();
    }

    private static HeadModel Create(Func<SessionOptions, InferenceSession> open)
    {
        // A [n, 384]·[384, L] product is far smaller than the cost of waking a thread pool, and the service already
        // scores requests in parallel, so the session runs each call on the calling thread.
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var session = open(options);
        try
        {
            return new HeadModel(session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <remarks>Takes the two lengths under the names of the public parameters they describe, for the exceptions.</remarks>
    private (int InputLength, int OutputLength) CheckBuffers(int embeddings, int n, int destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var inputLength = checked(n * Dimension);
        var outputLength = checked(n * _labels.Length);
        if (embeddings != inputLength)
        {
            throw new ArgumentException($"Expected {n}×{Dimension} floats, got {embeddings}.", nameof(embeddings));
        }

        if (destination < outputLength)
        {
            throw new ArgumentException($"Destination needs {n}×{_labels.Length} floats, has {destination}.", nameof(destination));
        }

        return (inputLength, outputLength);
    }

    private void Run(Memory<float> input, Memory<float> output, int n)
    {
        // OrtValues over pinned managed memory: ONNX Runtime reads the rows and writes the scores in place.
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, [n, Dimension]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output, [n, _labels.Length]);
        _session.Run(_runOptions, InputNames, [inputValue], OutputNames, [outputValue]);
    }

    private static string Required(Dictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new ArgumentException($"metadata entry '{key}' is missing.");

    private static float[] ReadThresholds(string json, string[] labels)
    {
        var thresholds = new float[labels.Length];
        try
        {
            using var document = JsonDocument.Parse(json);
            for (var l = 0; l < labels.Length; l++)
            {
                if (!document.RootElement.TryGetProperty(labels[l], out var value) || !value.TryGetSingle(out thresholds[l]) ||
                    !float.IsFinite(thresholds[l]))
                {
                    throw new ArgumentException($"no finite threshold for label '{labels[l]}'.");
                }
            }
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"thresholds are not valid JSON ({e.Message}).", e);
        }

        return thresholds;
    }

    /// <summary>Checks that a graph value is float [batch, width] and returns its width.</summary>
    private static int CheckShape(IReadOnlyDictionary<string, NodeMetadata> values, string name, int? expectedWidth)
    {
        if (values.Count != 1 || !values.TryGetValue(name, out var value))
        {
            throw new ArgumentException($"the graph must have exactly one '{name}' {(name == HeadGraph.InputName ? "input" : "output")}.");
        }

        var dims = value.Dimensions;
        if (value.ElementDataType != TensorElementType.Float || dims.Length != 2 || dims[1] <= 0 ||
            (expectedWidth is { } width && dims[1] != width))
        {
            throw new ArgumentException(
                $"'{name}' must be float [batch, {expectedWidth?.ToString(CultureInfo.InvariantCulture) ?? "D"}], " +
                $"is {value.ElementDataType} [{string.Join(", ", dims)}].");
        }

        return dims[1];
    }
}
