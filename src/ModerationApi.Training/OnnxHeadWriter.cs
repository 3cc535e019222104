using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// Exports <see cref="LogisticHeads"/> (<c>scores = Sigmoid(MatMul(embedding, W) + b)</c>) or <see cref="MlpHeads"/>
/// (one hidden ReLU layer per label) as an ONNX model with input
/// <c>embedding</c> float[batch, D] and output <c>scores</c> float[batch, L]; labels, thresholds and version travel in
/// the model's metadata so one file is the whole deployable head.
/// </summary>
/// <remarks>
/// The protobuf is encoded by hand (no ONNX-building package is available); field numbers follow onnx.proto. Output
/// is deterministic: the same heads and metadata always give the same bytes, so a model file can be content-hashed.
/// </remarks>
public static class OnnxHeadWriter
{
    /// <summary>ONNX IR version written (IR 7 is what opset 13 shipped with).</summary>
    public const long IrVersion = 7;

    /// <summary>Default-domain opset imported; it has MatMul, Add, Relu and Sigmoid with the semantics used here.</summary>
    public const long OpsetVersion = 13;

    /// <summary>The ModelProto producer name.</summary>
    public const string ProducerName = "ModerationApi";

    /// <summary>Name of the graph input.</summary>
    public const string InputName = HeadGraph.InputName;

    /// <summary>Name of the graph output.</summary>
    public const string OutputName = HeadGraph.OutputName;

    /// <summary>Symbolic name of the batch dimension.</summary>
    public const string BatchDimension = "batch";

    private const int FloatType = 1; // TensorProto.DataType.FLOAT

    /// <summary>Encodes the heads as ONNX model bytes.</summary>
    /// <param name="heads">Trained heads: <see cref="LogisticHeads"/> or <see cref="MlpHeads"/>.</param>
    /// <param name="thresholds">Decision threshold of each label, in head order.</param>
    /// <param name="version">Model version recorded in the metadata (non-empty).</param>
    /// <param name="extraMetadata">More metadata to record (e.g. encoder name, data hash); keys must not be reserved.</param>
    /// <exception cref="ArgumentException">
    /// Counts disagree, a threshold is not finite, an extra key is reserved, or the heads are of a kind with no export.
    /// </exception>
    public static byte[] Write(
        IEmbeddingHeads heads,
        IReadOnlyList<float> thresholds,
        string version,
        IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(heads);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        var labelCount = heads.Labels.Count;
        if (thresholds.Count != labelCount)
        {
            throw new ArgumentException($"Expected {labelCount} thresholds, got {thresholds.Count}.", nameof(thresholds));
        }

        if (!thresholds.All(float.IsFinite))
        {
            throw new ArgumentException("Thresholds must be finite.", nameof(thresholds));
        }

        var metadata = new List<KeyValuePair<string, string>>
        {
            new(HeadMetadataKeys.Labels, string.Join(',', heads.Labels)),
            new(HeadMetadataKeys.Version, version),
            new(HeadMetadataKeys.Thresholds, ThresholdsJson(heads.Labels, thresholds)),
            new(HeadMetadataKeys.EmbeddingDimension, heads.Dimension.ToString(CultureInfo.InvariantCulture)),
            new(HeadMetadataKeys.Formula, Formula(heads)),
        };
        if (extraMetadata is not null)
        {
            // Sorted so the bytes do not depend on the dictionary's enumeration order.
            foreach (var (key, value) in extraMetadata.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (string.IsNullOrEmpty(key) || HeadMetadataKeys.IsReserved(key))
                {
                    throw new ArgumentException($"Metadata key '{key}' is empty or reserved.", nameof(extraMetadata));
                }

                metadata.Add(new(key, value ?? string.Empty));
            }
        }

        return Encode(heads, metadata);
    }

    /// <summary>Encodes the model with exactly the metadata given; the seam tests use to write malformed metadata.</summary>
    internal static byte[] Encode(IEmbeddingHeads heads, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        var graph = heads switch
        {
            LogisticHeads logistic => Graph(logistic),
            MlpHeads mlp => Graph(mlp),
            _ => throw new ArgumentException($"No ONNX export for {heads.GetType().Name}.", nameof(heads)),
        };
        var model = new ProtobufWriter();
        model.WriteInt64(1, IrVersion);                    // ModelProto.ir_version
        model.WriteString(2, ProducerName);                // ModelProto.producer_name
        model.WriteMessage(7, graph);                      // ModelProto.graph
        var opset = new ProtobufWriter();
        opset.WriteInt64(2, OpsetVersion);                 // OperatorSetIdProto.version; domain omitted = default
        model.WriteMessage(8, opset);                      // ModelProto.opset_import
        foreach (var (key, value) in metadata)
        {
            var entry = new ProtobufWriter();
            entry.WriteString(1, key);                     // StringStringEntryProto.key
            entry.WriteString(2, value);                   // StringStringEntryProto.value
            model.WriteMessage(14, entry);                 // ModelProto.metadata_props
        }

        return model.WrittenSpan.ToArray();
    }

    private static ProtobufWriter Graph(LogisticHeads heads)
    {
        var labelCount = heads.Labels.Count;
        var dim = heads.Dimension;

        // ONNX wants W as [D, L] so that embedding[N, D] · W is [N, L]: transpose the label-major training layout.
        var w = new float[dim * labelCount];
        var b = new float[labelCount];
        for (var l = 0; l < labelCount; l++)
        {
            var row = heads.GetWeights(l);
            for (var j = 0; j < dim; j++)
            {
                w[(j * labelCount) + l] = row[j];
            }

            b[l] = heads.GetBias(l);
        }

        var graph = new ProtobufWriter();
        graph.WriteMessage(1, Node("head_matmul", "MatMul", [InputName, "W"], "linear"));   // GraphProto.node
        graph.WriteMessage(1, Node("head_add", "Add", ["linear", "b"], "logits"));
        graph.WriteMessage(1, Node("head_sigmoid", "Sigmoid", ["logits"], OutputName));
        graph.WriteString(2, "moderation_heads");                                           // GraphProto.name
        graph.WriteMessage(5, Tensor("W", [dim, labelCount], w));                           // GraphProto.initializer
        graph.WriteMessage(5, Tensor("b", [labelCount], b));
        graph.WriteMessage(11, FloatValueInfo(InputName, dim));                             // GraphProto.input
        graph.WriteMessage(12, FloatValueInfo(OutputName, labelCount));                     // GraphProto.output
        return graph;
    }

    /// <summary>
    /// Both layers of every label in two matrix products: the hidden layers side by side ([D, L·H]), then a
    /// block-diagonal [L·H, L] output matrix whose zeros keep each label's score a function of its own units only.
    /// </summary>
    private static ProtobufWriter Graph(MlpHeads heads)
    {
        var labelCount = heads.Labels.Count;
        var dim = heads.Dimension;
        var hidden = heads.Hidden;
        var units = labelCount * hidden;
        var w1 = new float[dim * units];
        var b1 = new float[units];
        var w2 = new float[units * labelCount];
        var b2 = new float[labelCount];
        for (var l = 0; l < labelCount; l++)
        {
            var biases = heads.GetHiddenBiases(l);
            var output = heads.GetOutputWeights(l);
            for (var j = 0; j < hidden; j++)
            {
                var unit = (l * hidden) + j;
                var row = heads.GetHiddenWeights(l, j);
                for (var d = 0; d < dim; d++)
                {
                    w1[(d * units) + unit] = row[d];
                }

                b1[unit] = biases[j];
                w2[(unit * labelCount) + l] = output[j];
            }

            b2[l] = heads.GetOutputBias(l);
        }

        var graph = new ProtobufWriter();
        graph.WriteMessage(1, Node("hidden_matmul", "MatMul", [InputName, "W1"], "hidden_linear"));
        graph.WriteMessage(1, Node("hidden_add", "Add", ["hidden_linear", "b1"], "hidden_pre"));
        graph.WriteMessage(1, Node("hidden_relu", "Relu", ["hidden_pre"], "hidden"));
        graph.WriteMessage(1, Node("head_matmul", "MatMul", ["hidden", "W2"], "linear"));
        graph.WriteMessage(1, Node("head_add", "Add", ["linear", "b2"], "logits"));
        graph.WriteMessage(1, Node("head_sigmoid", "Sigmoid", ["logits"], OutputName));
        graph.WriteString(2, "moderation_heads");
        graph.WriteMessage(5, Tensor("W1", [dim, units], w1));
        graph.WriteMessage(5, Tensor("b1", [units], b1));
        graph.WriteMessage(5, Tensor("W2", [units, labelCount], w2));
        graph.WriteMessage(5, Tensor("b2", [labelCount], b2));
        graph.WriteMessage(11, FloatValueInfo(InputName, dim));
        graph.WriteMessage(12, FloatValueInfo(OutputName, labelCount));
        return graph;
    }

    private static string Formula(IEmbeddingHeads heads) => heads is MlpHeads
        ? "scores = sigmoid(relu(embedding · W1 + b1) · W2 + b2), W2 block-diagonal per label; flag label j when scores[:, j] >= thresholds[labels[j]]"
        : "scores = sigmoid(embedding · W + b); flag label j when scores[:, j] >= thresholds[labels[j]]";

    private static ProtobufWriter Node(string name, string opType, string[] inputs, string output)
    {
        var node = new ProtobufWriter();
        foreach (var input in inputs)
        {
            node.WriteString(1, input);   // NodeProto.input
        }

        node.WriteString(2, output);      // NodeProto.output
        node.WriteString(3, name);        // NodeProto.name
        node.WriteString(4, opType);      // NodeProto.op_type
        return node;
    }

    private static ProtobufWriter Tensor(string name, long[] dims, float[] values)
    {
        var tensor = new ProtobufWriter();
        foreach (var d in dims)
        {
            tensor.WriteInt64(1, d);          // TensorProto.dims (unpacked repeated int64 is valid proto2)
        }

        tensor.WriteInt64(2, FloatType);      // TensorProto.data_type
        tensor.WriteString(8, name);          // TensorProto.name
        var raw = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            // raw_data is little-endian by definition, whatever the machine writing it.
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        tensor.WriteBytes(9, raw);            // TensorProto.raw_data
        return tensor;
    }

    /// <summary>A float tensor of shape [batch, <paramref name="width"/>].</summary>
    private static ProtobufWriter FloatValueInfo(string name, int width)
    {
        var batch = new ProtobufWriter();
        batch.WriteString(2, BatchDimension);  // Dimension.dim_param
        var fixedWidth = new ProtobufWriter();
        fixedWidth.WriteInt64(1, width);       // Dimension.dim_value
        var shape = new ProtobufWriter();
        shape.WriteMessage(1, batch);          // TensorShapeProto.dim
        shape.WriteMessage(1, fixedWidth);
        var tensorType = new ProtobufWriter();
        tensorType.WriteInt64(1, FloatType);   // TypeProto.Tensor.elem_type
        tensorType.WriteMessage(2, shape);     // TypeProto.Tensor.shape
        var type = new ProtobufWriter();
        type.WriteMessage(1, tensorType);      // TypeProto.tensor_type
        var info = new ProtobufWriter();
        info.WriteString(1, name);             // ValueInfoProto.name
        info.WriteMessage(2, type);            // ValueInfoProto.type
        return info;
    }

    private static string ThresholdsJson(IReadOnlyList<string> labels, IReadOnlyList<float> thresholds)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            for (var l = 0; l < labels.Count; l++)
            {
                // Utf8JsonWriter writes the shortest text that parses back to the same float: thresholds survive
                // the trip exactly.
                json.WriteNumber(labels[l], thresholds[l]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
