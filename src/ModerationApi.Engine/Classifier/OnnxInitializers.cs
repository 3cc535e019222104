using Google.Protobuf;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Finds where each initializer's values lie inside a serialised ONNX model, so they can be rewritten in place.
/// </summary>
/// <remarks>
/// Only the path ModelProto.graph (7) → GraphProto.initializer (5) → TensorProto dims (1), data_type (2), name (8),
/// raw_data (9) is walked, with Google.Protobuf's wire-format reader; every other field is skipped. A field's byte
/// range is taken from the reader's position before and after skipping it, so nothing is copied.
/// </remarks>
internal static class OnnxInitializers
{
    /// <summary>ONNX TensorProto.DataType FLOAT.</summary>
    public const int FloatType = 1;

    private const int ModelGraphField = 7;
    private const int GraphInitializerField = 5;
    private const int TensorDimsField = 1;
    private const int TensorDataTypeField = 2;
    private const int TensorNameField = 8;
    private const int TensorRawDataField = 9;

    /// <summary>Locates every initializer of <paramref name="model"/> by name.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a model this reader understands.</exception>
    public static Dictionary<string, OnnxInitializer> Locate(byte[] model)
    {
        var result = new Dictionary<string, OnnxInitializer>(StringComparer.Ordinal);
        try
        {
            foreach ((int graphOffset, int graphLength) in Fields(model, 0, model.Length, ModelGraphField))
            {
                foreach ((int offset, int length) in Fields(model, graphOffset, graphLength, GraphInitializerField))
                {
                    OnnxInitializer initializer = ReadTensor(model, offset, length);
                    result[initializer.Name] = initializer;
                }
            }
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new InvalidDataException("The ONNX model could not be read: " + ex.Message, ex);
        }

        return result;
    }

    /// <summary>The byte ranges of the length-delimited fields numbered <paramref name="field"/> of one message.</summary>
    private static List<(int Offset, int Length)> Fields(byte[] buffer, int offset, int length, int field)
    {
        var ranges = new List<(int, int)>();
        var input = new CodedInputStream(buffer, offset, length);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                ranges.Add(SkipPayload(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return ranges;
    }

    private static OnnxInitializer ReadTensor(byte[] buffer, int offset, int length)
    {
        var input = new CodedInputStream(buffer, offset, length);
        var dims = new List<long>();
        int dataType = 0;
        string? name = null;
        (int Offset, int Length)? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case TensorDimsField when WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited:
                    // Packed repeated int64.
                    (int dimsOffset, int dimsLength) = SkipPayload(input);
                    var packed = new CodedInputStream(buffer, dimsOffset, dimsLength);
                    while (!packed.IsAtEnd)
                    {
                        dims.Add(packed.ReadInt64());
                    }

                    break;
                case TensorDimsField:
                    dims.Add(input.ReadInt64());
                    break;
                case TensorDataTypeField:
                    dataType = input.ReadInt32();
                    break;
                case TensorNameField:
                    name = input.ReadString();
                    break;
                case TensorRawDataField:
                    raw = SkipPayload(input);
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxInitializer(name ?? string.Empty, [.. dims], dataType, raw?.Offset ?? -1, raw?.Length ?? 0);
    }

    /// <summary>
    /// Skips the length-delimited field whose tag was just read and returns where its payload lies: the skip moves the
    /// reader past the length prefix and the payload, and the prefix's size follows from the payload's length.
    /// </summary>
    private static (int Offset, int Length) SkipPayload(CodedInputStream input)
    {
        long before = input.Position;
        input.SkipLastField();
        int total = checked((int)(input.Position - before));
        for (int prefix = 1; prefix <= 5; prefix++)
        {
            int length = total - prefix;
            if (length >= 0 && CodedOutputStream.ComputeLengthSize(length) == prefix)
            {
                return (checked((int)before + prefix), length);
            }
        }

        throw new InvalidDataException("A length-delimited field of the ONNX model has an invalid length prefix.");
    }
}
