using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Rewrites a serialised fp32 ONNX model so that its weight products run in int8: every <c>MatMul</c> whose second input
/// is a two-dimensional float initializer [K, N] becomes ONNX Runtime's <c>com.microsoft.DynamicQuantizeMatMul</c>
/// over that matrix quantised symmetrically (zero point 0), with one scale per output column or one per matrix.
/// </summary>
/// <remarks>
/// The activations are quantised to uint8 by ONNX Runtime at run time, row block by row block, so nothing is calibrated
/// offline. The weights use 7 bits by default: without VNNI (this processor has AVX2 only), the uint8 × int8 kernel adds
/// pairs of products in 16 bits, which 8-bit weights can saturate; 7-bit weights cannot (ONNX Runtime's own quantiser
/// calls this "reduce range"). Only the path ModelProto.graph (7) → GraphProto.node (1) / initializer (5) is rewritten;
/// every other field is copied byte for byte, and a <c>com.microsoft</c> opset import is added.
/// </remarks>
internal static class Int8Quantizer
{
    /// <summary>The operator domain of ONNX Runtime's contrib operators.</summary>
    public const string MicrosoftDomain = "com.microsoft";

    /// <summary>ONNX TensorProto.DataType INT8.</summary>
    public const int Int8Type = 3;

    /// <summary>The operator the quantised products run as.</summary>
    public const string QuantizedOperator = "DynamicQuantizeMatMul";

    /// <summary>Suffixes of the initializers added per quantised matrix.</summary>
    public const string QuantizedSuffix = "_quantized";

    /// <inheritdoc cref="QuantizedSuffix"/>
    public const string ScaleSuffix = "_scale";

    /// <inheritdoc cref="QuantizedSuffix"/>
    public const string ZeroPointSuffix = "_zero_point";

    private const int ModelGraphField = 7;
    private const int ModelOpsetImportField = 8;
    private const int GraphNodeField = 1;
    private const int GraphInitializerField = 5;
    private const int NodeInputField = 1;
    private const int NodeOutputField = 2;
    private const int NodeNameField = 3;
    private const int NodeOpTypeField = 4;
    private const int NodeDomainField = 7;
    private const int OpsetDomainField = 1;
    private const int OpsetVersionField = 2;
    private const int TensorDimsField = 1;
    private const int TensorDataTypeField = 2;
    private const int TensorNameField = 8;
    private const int TensorRawDataField = 9;

    /// <summary>The weight products of <paramref name="model"/> that <see cref="Quantize"/> would rewrite, in graph order.</summary>
    public static IReadOnlyList<QuantizableMatMul> FindMatMuls(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Dictionary<string, OnnxInitializer> initializers = OnnxInitializers.Locate(model);
        (int graphOffset, int graphLength) = GraphRange(model);
        var result = new List<QuantizableMatMul>();
        foreach (FieldRange field in Fields(model, graphOffset, graphLength))
        {
            if (field.Number == GraphNodeField && ReadNode(model, field.PayloadOffset, field.PayloadLength) is { } node
                && Weight(node, initializers) is { } weight)
            {
                result.Add(new QuantizableMatMul(node.Name, weight.Name, weight.Dims[0], weight.Dims[1]));
            }
        }

        return result;
    }

    /// <summary>
    /// Returns a new model in which the weight products (see <see cref="FindMatMuls"/>) not excluded by
    /// <paramref name="settings"/> run in int8; <paramref name="model"/> is not changed.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a model this rewriter understands.</exception>
    public static byte[] Quantize(byte[] model, Int8QuantizerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.WeightBits, 2, nameof(settings));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(settings.WeightBits, 8, nameof(settings));

        Dictionary<string, OnnxInitializer> initializers = OnnxInitializers.Locate(model);
        (int graphOffset, int graphLength) = GraphRange(model);
        List<FieldRange> graphFields = Fields(model, graphOffset, graphLength);

        // Which nodes read each initializer: a matrix is dropped from the model only when every reader is rewritten.
        var nodes = new Dictionary<int, NodeInfo>();
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < graphFields.Count; i++)
        {
            if (graphFields[i].Number == GraphNodeField)
            {
                NodeInfo node = ReadNode(model, graphFields[i].PayloadOffset, graphFields[i].PayloadLength);
                nodes[i] = node;
                foreach (string input in node.Inputs.Distinct(StringComparer.Ordinal))
                {
                    readers[input] = readers.GetValueOrDefault(input) + 1;
                }
            }
        }

        var replacements = new Dictionary<int, byte[]>();
        var removed = new HashSet<int>();
        var quantized = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((int index, NodeInfo node) in nodes)
        {
            if (Weight(node, initializers) is { } weight && !settings.Excludes(node.Name, weight.Name))
            {
                // The bias Add that follows each product is folded into the quantised node (its optional bias input):
                // one pass over the output less per product.
                (int addIndex, string bias, string fusedOutput) = BiasAdd(nodes, readers, node.Outputs[0], weight.Dims[1], initializers);
                replacements[index] = QuantizedNode(node, weight.Name, bias, fusedOutput);
                if (addIndex >= 0)
                {
                    removed.Add(addIndex);
                }

                quantized[weight.Name] = quantized.GetValueOrDefault(weight.Name) + 1;
            }
        }

        var added = new List<byte[]>();
        foreach (string name in quantized.Keys.Order(StringComparer.Ordinal))
        {
            added.AddRange(QuantizedInitializers(model, initializers[name], settings));
        }

        var dropped = new HashSet<string>(quantized.Where(q => q.Value == readers[q.Key]).Select(q => q.Key), StringComparer.Ordinal);
        var kept = new HashSet<int>();
        for (int i = 0; i < graphFields.Count; i++)
        {
            FieldRange field = graphFields[i];
            bool droppedInitializer = field.Number == GraphInitializerField
                && dropped.Contains(ReadTensorName(model, field.PayloadOffset, field.PayloadLength));
            if (!replacements.ContainsKey(i) && !removed.Contains(i) && !droppedInitializer)
            {
                kept.Add(i);
            }
        }

        // The graph's length prefix must precede it, so the new graph's size is summed before anything is written, and
        // the model is written once into a buffer of exactly its size.
        long newGraphLength = kept.Sum(i => (long)graphFields[i].TotalLength)
            + replacements.Values.Sum(n => (long)ProtobufWriter.FieldSize(GraphNodeField, n.Length))
            + added.Sum(t => (long)ProtobufWriter.FieldSize(GraphInitializerField, t.Length));
        byte[] opset = MicrosoftOpset();
        bool hasMicrosoftOpset = HasMicrosoftOpset(model);
        List<FieldRange> modelFields = Fields(model, 0, model.Length);
        long total = modelFields.Where(f => f.Number != ModelGraphField).Sum(f => (long)f.TotalLength)
            + ProtobufWriter.FieldSize(ModelGraphField, checked((int)newGraphLength))
            + (hasMicrosoftOpset ? 0 : ProtobufWriter.FieldSize(ModelOpsetImportField, opset.Length));
        var output = new ProtobufWriter(checked((int)total));
        foreach (FieldRange field in modelFields)
        {
            if (field.Number != ModelGraphField)
            {
                output.WriteRaw(model.AsSpan(field.Start, field.TotalLength));
                continue;
            }

            output.WriteLengthDelimitedHeader(ModelGraphField, (int)newGraphLength);
            for (int i = 0; i < graphFields.Count; i++)
            {
                if (replacements.TryGetValue(i, out byte[]? node))
                {
                    output.WriteBytes(GraphNodeField, node);
                }
                else if (kept.Contains(i))
                {
                    output.WriteRaw(model.AsSpan(graphFields[i].Start, graphFields[i].TotalLength));
                }
            }

            foreach (byte[] tensor in added)
            {
                output.WriteBytes(GraphInitializerField, tensor);
            }
        }

        if (!hasMicrosoftOpset)
        {
            output.WriteBytes(ModelOpsetImportField, opset);
        }

        return output.WrittenSpan.Length == total
            ? output.ToArray()
            : throw new InvalidDataException("The quantised model's size does not add up; the model has a field layout this rewriter does not expect.");
    }

    /// <summary>Quantises a row-major [K, N] matrix column by column (or as a whole) to symmetric integers.</summary>
    /// <param name="weights">The matrix, K × N floats row by row.</param>
    /// <param name="columns">N.</param>
    /// <param name="perColumn">One scale per column; false for one scale for the whole matrix.</param>
    /// <param name="bits">Bits of the integers, sign included: values lie in [-(2^(bits-1) - 1), 2^(bits-1) - 1].</param>
    /// <param name="destination">K × N integers.</param>
    /// <returns>The scales (N of them, or one): weight ≈ integer × scale of its column.</returns>
    public static float[] QuantizeMatrix(ReadOnlySpan<float> weights, int columns, bool perColumn, int bits, Span<sbyte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        if (weights.Length % columns != 0 || destination.Length < weights.Length)
        {
            throw new ArgumentException("The weights must be whole rows of the given width, and the destination as long.", nameof(weights));
        }

        int limit = (1 << (bits - 1)) - 1;
        float[] maxima = new float[perColumn ? columns : 1];
        for (int i = 0; i < weights.Length; i++)
        {
            ref float max = ref maxima[perColumn ? i % columns : 0];
            max = MathF.Max(max, MathF.Abs(weights[i]));
        }

        // An all-zero column keeps scale 1, so that dequantising never divides by zero and gives back zeros.
        float[] scales = Array.ConvertAll(maxima, m => m > 0 ? m / limit : 1f);
        for (int i = 0; i < weights.Length; i++)
        {
            float q = MathF.Round(weights[i] / scales[perColumn ? i % columns : 0]);
            destination[i] = (sbyte)Math.Clamp(q, -limit, limit);
        }

        return scales;
    }

    private static (int Offset, int Length) GraphRange(byte[] model)
    {
        List<FieldRange> graphs = Fields(model, 0, model.Length).Where(f => f.Number == ModelGraphField).ToList();
        return graphs.Count == 1
            ? (graphs[0].PayloadOffset, graphs[0].PayloadLength)
            : throw new InvalidDataException($"The ONNX model has {graphs.Count} graphs; one was expected.");
    }

    private static OnnxInitializer? Weight(NodeInfo node, Dictionary<string, OnnxInitializer> initializers) =>
        node.OpType == "MatMul" && node.Domain.Length == 0 && node.Inputs.Count == 2 && node.Outputs.Count == 1
        && initializers.TryGetValue(node.Inputs[1], out OnnxInitializer? weight)
        && weight.DataType == OnnxInitializers.FloatType && weight.Dims.Length == 2 && weight.RawDataOffset >= 0
        && weight.RawDataLength == 4L * weight.Dims[0] * weight.Dims[1]
            ? weight
            : null;

    /// <summary>
    /// The Add that is the only reader of <paramref name="product"/> and adds a float vector initializer of
    /// <paramref name="columns"/> to it: its index, the vector's name and its output; (-1, "", product) when there is none.
    /// </summary>
    private static (int Index, string Bias, string Output) BiasAdd(
        Dictionary<int, NodeInfo> nodes, Dictionary<string, int> readers, string product, long columns, Dictionary<string, OnnxInitializer> initializers)
    {
        if (readers.GetValueOrDefault(product) != 1)
        {
            return (-1, string.Empty, product);
        }

        foreach ((int index, NodeInfo node) in nodes)
        {
            if (node.OpType == "Add" && node.Domain.Length == 0 && node.Inputs.Count == 2 && node.Outputs.Count == 1 && node.Inputs.Contains(product))
            {
                string other = node.Inputs[0] == product ? node.Inputs[1] : node.Inputs[0];
                return initializers.TryGetValue(other, out OnnxInitializer? bias) && bias.DataType == OnnxInitializers.FloatType
                    && bias.Dims.Length == 1 && bias.Dims[0] == columns
                    ? (index, other, node.Outputs[0])
                    : (-1, string.Empty, product);
            }
        }

        return (-1, string.Empty, product);
    }

    private static byte[] QuantizedNode(NodeInfo node, string weight, string bias, string output)
    {
        var writer = new ProtobufWriter();
        writer.WriteString(NodeInputField, node.Inputs[0]);
        writer.WriteString(NodeInputField, weight + QuantizedSuffix);
        writer.WriteString(NodeInputField, weight + ScaleSuffix);
        writer.WriteString(NodeInputField, weight + ZeroPointSuffix);
        if (bias.Length > 0)
        {
            writer.WriteString(NodeInputField, bias);
        }

        writer.WriteString(NodeOutputField, output);
        writer.WriteString(NodeNameField, node.Name + "_int8");
        writer.WriteString(NodeOpTypeField, QuantizedOperator);
        writer.WriteString(NodeDomainField, MicrosoftDomain);
        return writer.ToArray();
    }

    private static List<byte[]> QuantizedInitializers(byte[] model, OnnxInitializer weight, Int8QuantizerSettings settings)
    {
        int rows = checked((int)weight.Dims[0]);
        int columns = checked((int)weight.Dims[1]);
        // ONNX raw data is little-endian, as is every processor this service runs on; the floats are read in place.
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Quantising the encoder needs a little-endian processor.");
        }

        ReadOnlySpan<float> values = MemoryMarshal.Cast<byte, float>(model.AsSpan(weight.RawDataOffset, weight.RawDataLength));
        sbyte[] quantized = new sbyte[rows * columns];
        float[] scales = QuantizeMatrix(values, columns, settings.PerColumn, settings.WeightBits, quantized);
        byte[] scaleBytes = new byte[4 * scales.Length];
        for (int i = 0; i < scales.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(scaleBytes.AsSpan(4 * i), scales[i]);
        }

        long[] vectorShape = settings.PerColumn ? [columns] : [];
        return
        [
            Tensor(weight.Name + QuantizedSuffix, [rows, columns], Int8Type, MemoryMarshal.AsBytes(quantized.AsSpan())),
            Tensor(weight.Name + ScaleSuffix, vectorShape, OnnxInitializers.FloatType, scaleBytes),
            Tensor(weight.Name + ZeroPointSuffix, vectorShape, Int8Type, new byte[scales.Length]),
        ];
    }

    private static byte[] Tensor(string name, long[] dims, int dataType, ReadOnlySpan<byte> raw)
    {
        var writer = new ProtobufWriter(raw.Length + name.Length + 64);
        foreach (long d in dims)
        {
            writer.WriteInt64(TensorDimsField, d);
        }

        writer.WriteInt64(TensorDataTypeField, dataType);
        writer.WriteString(TensorNameField, name);
        writer.WriteBytes(TensorRawDataField, raw);
        return writer.ToArray();
    }

    private static byte[] MicrosoftOpset()
    {
        var writer = new ProtobufWriter();
        writer.WriteString(OpsetDomainField, MicrosoftDomain);
        writer.WriteInt64(OpsetVersionField, 1);
        return writer.ToArray();
    }

    private static bool HasMicrosoftOpset(byte[] model)
    {
        foreach (FieldRange field in Fields(model, 0, model.Length).Where(f => f.Number == ModelOpsetImportField))
        {
            var input = new CodedInputStream(model, field.PayloadOffset, field.PayloadLength);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == OpsetDomainField && input.ReadString() == MicrosoftDomain)
                {
                    return true;
                }

                if (WireFormat.GetTagFieldNumber(tag) != OpsetDomainField)
                {
                    input.SkipLastField();
                }
            }
        }

        return false;
    }

    private static NodeInfo ReadNode(byte[] buffer, int offset, int length)
    {
        var input = new CodedInputStream(buffer, offset, length);
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = string.Empty, opType = string.Empty, domain = string.Empty;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case NodeInputField:
                    inputs.Add(input.ReadString());
                    break;
                case NodeOutputField:
                    outputs.Add(input.ReadString());
                    break;
                case NodeNameField:
                    name = input.ReadString();
                    break;
                case NodeOpTypeField:
                    opType = input.ReadString();
                    break;
                case NodeDomainField:
                    domain = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new NodeInfo(name, opType, domain, inputs, outputs);
    }

    private static string ReadTensorName(byte[] buffer, int offset, int length)
    {
        var input = new CodedInputStream(buffer, offset, length);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == TensorNameField)
            {
                return input.ReadString();
            }

            input.SkipLastField();
        }

        return string.Empty;
    }

    /// <summary>Every field of one message with its byte range (tag included) and, for length-delimited ones, its payload.</summary>
    private static List<FieldRange> Fields(byte[] buffer, int offset, int length)
    {
        var fields = new List<FieldRange>();
        try
        {
            var input = new CodedInputStream(buffer, offset, length);
            while (true)
            {
                int start = checked((int)input.Position);
                uint tag = input.ReadTag();
                if (tag == 0)
                {
                    break;
                }

                int afterTag = checked((int)input.Position);
                input.SkipLastField();
                int end = checked((int)input.Position);
                int payloadOffset = afterTag, payloadLength = end - afterTag;
                if (WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    var prefix = new CodedInputStream(buffer, afterTag, end - afterTag);
                    payloadLength = prefix.ReadLength();
                    payloadOffset = end - payloadLength;
                }

                fields.Add(new FieldRange(WireFormat.GetTagFieldNumber(tag), start, end - start, payloadOffset, payloadLength));
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("The ONNX model could not be read: " + ex.Message, ex);
        }

        return fields;
    }

    private sealed record NodeInfo(string Name, string OpType, string Domain, List<string> Inputs, List<string> Outputs);

    private readonly record struct FieldRange(int Number, int Start, int TotalLength, int PayloadOffset, int PayloadLength);
}
