namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The bytes of one record, up to a limit. Past the limit bytes are dropped and <see cref="Overflowed"/> is set, so an
/// endless line (or an unterminated quote running to the end of the file) costs constant memory and one error.
/// </summary>
internal sealed class RecordBuffer(int limit)
{
    private byte[] _bytes = new byte[Math.Min(limit, 4096)];

    public int Length { get; private set; }

    public bool Overflowed { get; private set; }

    public int Limit => limit;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _bytes.AsMemory(0, Length);

    public void Append(byte b)
    {
        if (Length == limit)
        {
            Overflowed = true;
            return;
        }

        if (Length == _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Min(limit, _bytes.Length * 2));
        }

        _bytes[Length++] = b;
    }

    public void Clear()
    {
        Length = 0;
        Overflowed = false;
    }
}
