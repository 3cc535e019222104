namespace ModerationApi.Cli.Rescan;

/// <summary>
/// Posts from a CSV archive with a header row: the text and id come from named columns, every other column passes
/// through to the verdict under <c>fields</c>. A row with the wrong number of fields or an empty id is malformed.
/// </summary>
internal sealed class CsvArchiveReader : IArchiveReader
{
    private readonly ByteInput _input;
    private readonly CsvRecordReader _records;
    private readonly IReadOnlyList<string> _columns = [];
    private readonly int _text = -1;
    private readonly int _id = -1;

    /// <summary>Reads the header, then moves to <paramref name="startOffset"/> if a checkpoint lies beyond it.</summary>
    /// <exception cref="ArgumentException">The header has no column named <paramref name="textColumn"/> or <paramref name="idColumn"/>.</exception>
    /// <exception cref="InvalidDataException">The header row is malformed.</exception>
    public CsvArchiveReader(ByteInput input, string textColumn, string idColumn, long startOffset, long startLine, int maxRecordBytes)
    {
        _input = input;
        input.SkipByteOrderMark();
        _records = new CsvRecordReader(input, 0, maxRecordBytes);
        var header = _records.Next();
        if (header is null)
        {
            return;   // an empty file holds no posts
        }

        if (header.Error is not null)
        {
            throw new InvalidDataException($"line {header.Line}: header row: {header.Error}");
        }

        _columns = header.Fields;
        _text = IndexOf(textColumn, "--text-column");
        _id = IndexOf(idColumn, "--id-column");
        if (startOffset > _records.Position)
        {
            input.Seek(startOffset);
            _records = new CsvRecordReader(input, startLine, maxRecordBytes);
        }
    }

    public long Position => _records.Position;

    public long Lines => _records.Lines;

    public ArchiveRecord? Next()
    {
        if (_columns.Count == 0)
        {
            return null;
        }

        var record = _records.Next();
        if (record is null)
        {
            return null;
        }

        if (record.Error is not null)
        {
            return ArchiveRecord.Malformed(record.Line, record.Error);
        }

        if (record.Fields.Count != _columns.Count)
        {
            return ArchiveRecord.Malformed(record.Line, $"expected {_columns.Count} fields as in the header, found {record.Fields.Count}");
        }

        var id = record.Fields[_id];
        if (id.Length == 0)
        {
            return ArchiveRecord.Malformed(record.Line, $"empty id column '{_columns[_id]}'");
        }

        var fields = new List<KeyValuePair<string, string>>(_columns.Count - 2);
        for (var i = 0; i < _columns.Count; i++)
        {
            if (i != _text && i != _id)
            {
                fields.Add(new(_columns[i], record.Fields[i]));
            }
        }

        return ArchiveRecord.Post(record.Line, id, record.Fields[_text], fields);
    }

    public void Dispose() => _input.Dispose();

    private int IndexOf(string column, string option)
    {
        for (var i = 0; i < _columns.Count; i++)
        {
            if (string.Equals(_columns[i], column, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new ArgumentException($"the CSV header has no column '{column}' ({option}); columns: {string.Join(", ", _columns)}");
    }
}
