using System.Buffers;
using System.Text;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// The handful of protobuf wire-format encodings an ONNX file needs: varint and length-delimited fields. Nested
/// messages are written into their own writer first, because a length prefix must precede the bytes it counts.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireLengthDelimited = 2;

    private readonly ArrayBufferWriter<byte> _buffer;

    public ProtobufWriter()
    {
        _buffer = new ArrayBufferWriter<byte>();
    }

    /// <summary>A writer that holds <paramref name="capacity"/> bytes without growing (and copying) its buffer.</summary>
    public ProtobufWriter(int capacity)
    {
        _buffer = new ArrayBufferWriter<byte>(capacity);
    }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        _buffer.Advance(length);
    }

    /// <summary>An int64/int32/enum field. Negative values take ten bytes, as protobuf sign-extends them.</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    public void WriteString(int field, string value)
    {
        WriteBytes(field, Encoding.UTF8.GetBytes(value));
    }

    public void WriteMessage(int field, ProtobufWriter message)
    {
        WriteBytes(field, message.WrittenSpan);
    }

    /// <summary>Bytes that already are encoded fields (copied from another message).</summary>
    public void WriteRaw(ReadOnlySpan<byte> fields)
    {
        _buffer.Write(fields);
    }

    /// <summary>The header of a length-delimited field whose <paramref name="length"/> bytes the caller writes next.</summary>
    public void WriteLengthDelimitedHeader(int field, int length)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)length);
    }

    /// <summary>Bytes a length-delimited field of <paramref name="length"/> bytes takes with its tag and length prefix.</summary>
    public static int FieldSize(int field, int length) => VarintSize(((ulong)(uint)field << 3) | WireLengthDelimited) + VarintSize((ulong)length) + length;

    /// <summary>
    /// The written bytes: the writer's own buffer when it was created with exactly their size (no copy of a large
    /// model), otherwise a copy. The writer must not be used afterwards.
    /// </summary>
    public byte[] ToArray() =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(_buffer.WrittenMemory, out ArraySegment<byte> segment)
        && segment.Offset == 0 && segment.Array is { } array && array.Length == segment.Count
            ? array
            : _buffer.WrittenSpan.ToArray();

    private static int VarintSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private void WriteTag(int field, int wireType)
    {
        WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);
    }
}
