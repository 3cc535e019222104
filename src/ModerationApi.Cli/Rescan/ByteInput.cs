namespace ModerationApi.Cli.Rescan;

/// <summary>
/// Reads a stream byte by byte through its own buffer and knows the absolute offset of the next byte. Checkpoints hold
/// byte offsets of record boundaries, which a <see cref="StreamReader"/> cannot report because it decodes ahead.
/// Quotes, commas and newlines are ASCII and never occur inside a multi-byte UTF-8 sequence, so records can be split on
/// bytes and decoded afterwards.
/// </summary>
internal sealed class ByteInput : IDisposable
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly byte[] _buffer;
    private long _bufferStart;
    private int _position;
    private int _length;

    public ByteInput(Stream stream, int bufferSize = 64 * 1024)
    {
        _stream = stream;
        _buffer = new byte[bufferSize];
        _bufferStart = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>The offset of the next byte to be read.</summary>
    public long Position => _bufferStart + _position;

    /// <summary>The next byte, or -1 at the end of the stream.</summary>
    public int Read()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position++];
    }

    /// <summary>The next byte without consuming it, or -1 at the end of the stream.</summary>
    public int Peek()
    {
        if (_position == _length && !Fill())
        {
            return -1;
        }

        return _buffer[_position];
    }

    /// <summary>Consumes a UTF-8 byte order mark if the stream starts with one. Only meaningful at offset 0.</summary>
    public void SkipByteOrderMark()
    {
        if (Position != 0)
        {
            return;
        }

        // Short reads are legal, so keep reading until three bytes are buffered or the stream ends.
        while (_length < Utf8Bom.Length)
        {
            var read = _stream.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
            {
                break;
            }

            _length += read;
        }

        if (_buffer.AsSpan(0, _length).StartsWith(Utf8Bom))
        {
            _position = Utf8Bom.Length;
        }
    }

    /// <summary>Moves to an absolute offset (a record boundary from a checkpoint).</summary>
    public void Seek(long offset)
    {
        _stream.Seek(offset, SeekOrigin.Begin);
        _bufferStart = offset;
        _position = 0;
        _length = 0;
    }

    public void Dispose() => _stream.Dispose();

    private bool Fill()
    {
        _bufferStart += _length;
        _position = 0;
        _length = _stream.Read(_buffer, 0, _buffer.Length);
        return _length > 0;
    }
}
