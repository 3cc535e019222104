using System.Text.Json;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// Posts from a JSON Lines archive: one object per line with a string <c>text</c> and a string or numeric <c>id</c>
/// (names configurable). Every other top-level string property passes through to the verdict under <c>fields</c>;
/// numbers, booleans, arrays and objects do not. Blank lines are skipped; anything else that is not such an object is
/// a malformed line.
/// </summary>
internal sealed class JsonLinesArchiveReader : IArchiveReader
{
    private readonly ByteInput _input;
    private readonly RecordBuffer _line;
    private readonly string _textField;
    private readonly string _idField;
    private long _lines;

    public JsonLinesArchiveReader(ByteInput input, string textField, string idField, long startOffset, long startLine, int maxRecordBytes)
    {
        _input = input;
        _line = new RecordBuffer(maxRecordBytes);
        _textField = textField;
        _idField = idField;
        if (startOffset == 0)
        {
            input.SkipByteOrderMark();
        }
        else
        {
            input.Seek(startOffset);
            _lines = startLine;
        }
    }

    public long Position => _input.Position;

    public long Lines => _lines;

    public ArchiveRecord? Next()
    {
        while (true)
        {
            _line.Clear();
            var b = _input.Read();
            if (b < 0)
            {
                return null;
            }

            while (b >= 0 && b != '\n')
            {
                _line.Append((byte)b);
                b = _input.Read();
            }

            var lineNumber = ++_lines;
            if (_line.Overflowed)
            {
                return ArchiveRecord.Malformed(lineNumber, $"line longer than {_line.Limit} bytes");
            }

            var bytes = _line.Memory;
            if (bytes.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            return Parse(lineNumber, bytes);
        }
    }

    public void Dispose() => _input.Dispose();

    private ArchiveRecord Parse(long lineNumber, ReadOnlyMemory<byte> bytes)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // The parser's message names the byte position and at most the one offending character.
            return ArchiveRecord.Malformed(lineNumber, "invalid JSON: " + ex.Message);
        }

        using (document)
        {
            try
            {
                return Read(lineNumber, document.RootElement);
            }
            catch (InvalidOperationException ex)
            {
                // The parser checks structure; a string is only transcoded (invalid UTF-8, a lone surrogate escape) when read.
                return ArchiveRecord.Malformed(lineNumber, "invalid text in a string: " + ex.Message);
            }
        }
    }

    private ArchiveRecord Read(long lineNumber, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return ArchiveRecord.Malformed(lineNumber, $"expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}");
        }

        string? id = null;
        string? text = null;
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals(_idField))
            {
                id = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString(),
                    JsonValueKind.Number => property.Value.GetRawText(),
                    _ => null,
                };
                if (id is null)
                {
                    return ArchiveRecord.Malformed(lineNumber, $"'{_idField}' must be a string or a number, found {property.Value.ValueKind.ToString().ToLowerInvariant()}");
                }
            }
            else if (property.NameEquals(_textField))
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return ArchiveRecord.Malformed(lineNumber, $"'{_textField}' must be a string, found {property.Value.ValueKind.ToString().ToLowerInvariant()}", id);
                }

                text = property.Value.GetString();
            }
            else if (property.Value.ValueKind == JsonValueKind.String)
            {
                fields.Add(new(property.Name, property.Value.GetString()!));
            }
        }

        if (string.IsNullOrEmpty(id))
        {
            return ArchiveRecord.Malformed(lineNumber, id is null ? $"missing '{_idField}'" : $"empty '{_idField}'");
        }

        return text is null
            ? ArchiveRecord.Malformed(lineNumber, $"missing '{_textField}'", id)
            : ArchiveRecord.Post(lineNumber, id, text, fields);
    }
}
