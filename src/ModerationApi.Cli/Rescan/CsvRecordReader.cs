using System.Text;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// A streaming RFC 4180 reader: comma-separated fields, optionally in double quotes, <c>""</c> for a quote inside
/// quotes, quoted fields may hold commas and line breaks, records end with CRLF or LF. Blank lines are skipped. A
/// malformed record (a stray quote, text after a closing quote, a quote left open at the end, invalid UTF-8, more than
/// the byte limit) comes back with an error and reading goes on at the next record.
/// </summary>
internal sealed class CsvRecordReader(ByteInput input, long linesBefore, int maxRecordBytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly RecordBuffer _bytes = new(maxRecordBytes);
    private readonly List<int> _fieldEnds = [];
    private long _lines = linesBefore;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    /// <summary>The offset just past the last record returned: where a resumed reader starts.</summary>
    public long Position => input.Position;

    /// <summary>Physical lines consumed so far (line breaks inside quoted fields included).</summary>
    public long Lines => _lines;

    /// <summary>The next record, or null at the end of the input.</summary>
    // Long on purpose: an RFC 4180 state machine over a byte buffer (quotes, escaped quotes, CR LF inside fields,
    // refills); its states share the buffer position, which helper methods would have to pass back and forth.
    public CsvRecord? Next()
    {
        while (true)
        {
            var startLine = _lines + 1;
            var (state, error, sawQuote, any) = (State.FieldStart, (string?)null, false, false);
            var fieldCount = 0;
            _bytes.Clear();
            _fieldEnds.Clear();
            while (true)
            {
                var b = input.Read();
                if (b < 0)
                {
                    if (!any)
                    {
                        return null;
                    }

                    if (state == State.Quoted)
                    {
                        error ??= $"quoted field opened on line {startLine} is never closed";
                    }

                    EndField(ref fieldCount);
                    _lines++;
                    break;
                }

                any = true;
                if (state != State.Quoted)
                {
                    if (b == '\n')
                    {
                        _lines++;
                        EndField(ref fieldCount);
                        break;
                    }

                    if (b == '\r' && input.Peek() == '\n')
                    {
                        continue;
                    }
                }

                switch (state)
                {
                    case State.FieldStart when b == '"':
                        state = State.Quoted;
                        sawQuote = true;
                        break;
                    case State.FieldStart or State.Unquoted when b == ',':
                        EndField(ref fieldCount);
                        state = State.FieldStart;
                        break;
                    case State.FieldStart or State.Unquoted:
                        if (b == '"')
                        {
                            error ??= $"quote inside unquoted field {fieldCount + 1}";
                        }

                        _bytes.Append((byte)b);
                        state = State.Unquoted;
                        break;
                    case State.Quoted:
                        if (b == '"')
                        {
                            state = State.QuoteInQuoted;
                        }
                        else
                        {
                            _lines += b == '\n' ? 1 : 0;
                            _bytes.Append((byte)b);
                        }

                        break;
                    case State.QuoteInQuoted when b == '"':
                        _bytes.Append((byte)'"');
                        state = State.Quoted;
                        break;
                    case State.QuoteInQuoted when b == ',':
                        EndField(ref fieldCount);
                        state = State.FieldStart;
                        break;
                    default:
                        error ??= $"text after the closing quote of field {fieldCount + 1}";
                        _bytes.Append((byte)b);
                        state = State.Unquoted;
                        break;
                }
            }

            // A line with nothing on it is not a record (a trailing newline, a spacer line); "" on its own line is.
            if (fieldCount == 1 && _bytes.Length == 0 && !sawQuote && error is null)
            {
                continue;
            }

            if (_bytes.Overflowed)
            {
                return new CsvRecord(startLine, [], $"record longer than {_bytes.Limit} bytes");
            }

            return error is null ? Decode(startLine, fieldCount) : new CsvRecord(startLine, [], error);
        }
    }

    private void EndField(ref int fieldCount)
    {
        // Past the byte limit the record is an error anyway; not recording ends keeps a line of commas in bounds.
        if (!_bytes.Overflowed)
        {
            _fieldEnds.Add(_bytes.Length);
        }

        fieldCount++;
    }

    private CsvRecord Decode(long line, int fieldCount)
    {
        var fields = new string[fieldCount];
        var start = 0;
        for (var i = 0; i < fieldCount; i++)
        {
            try
            {
                fields[i] = StrictUtf8.GetString(_bytes.Span[start.._fieldEnds[i]]);
            }
            catch (DecoderFallbackException)
            {
                return new CsvRecord(line, [], $"invalid UTF-8 in field {i + 1}");
            }

            start = _fieldEnds[i];
        }

        return new CsvRecord(line, fields, null);
    }
}
