using System.Runtime.InteropServices;
using System.Text;

namespace ModerationApi.Engine.Rules;

/// <summary>
/// A percent-encoded URI value decoded as <see cref="System.Net.WebUtility.UrlDecode(string)"/> decodes it (<c>%XX</c>
/// bytes as UTF-8, <c>+</c> as a space), keeping for each decoded character the span of the encoded text it came from,
/// so what the lexicons match in the decoded value is evidence at its exact place in the post.
/// </summary>
internal sealed class PercentDecodedText
{
    private readonly List<int> _starts;
    private readonly List<int> _ends;

    private PercentDecodedText(string text, List<int> starts, List<int> ends)
    {
        Text = text;
        _starts = starts;
        _ends = ends;
    }

    /// <summary>The decoded value.</summary>
    public string Text { get; }

    /// <summary>Decodes <paramref name="source"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    public static PercentDecodedText Decode(string source, int start, int end)
    {
        var text = new StringBuilder(end - start);
        var starts = new List<int>(end - start);
        var ends = new List<int>(end - start);
        var bytes = new List<byte>();
        var byteStarts = new List<int>();
        for (int i = start; i < end;)
        {
            if (source[i] == '%' && i + 3 <= end && char.IsAsciiHexDigit(source[i + 1]) && char.IsAsciiHexDigit(source[i + 2]))
            {
                bytes.Add((byte)((HexValue(source[i + 1]) << 4) | HexValue(source[i + 2])));
                byteStarts.Add(i);
                i += 3;
                continue;
            }

            Flush();
            text.Append(source[i] == '+' ? ' ' : source[i]);
            starts.Add(i);
            ends.Add(i + 1);
            i++;
        }

        Flush();
        return new PercentDecodedText(text.ToString(), starts, ends);

        // Each UTF-8 sequence becomes its characters (U+FFFD when malformed), all mapped to the sequence's encoded span.
        void Flush()
        {
            for (int k = 0; k < bytes.Count;)
            {
                int length = SequenceLength(bytes[k]);
                if (k + length > bytes.Count)
                {
                    length = 1;
                }

                string chars = Encoding.UTF8.GetString(CollectionsMarshal.AsSpan(bytes).Slice(k, length));
                int from = byteStarts[k];
                int to = byteStarts[k + length - 1] + 3;
                foreach (char c in chars)
                {
                    text.Append(c);
                    starts.Add(from);
                    ends.Add(to);
                }

                k += length;
            }

            bytes.Clear();
            byteStarts.Clear();
        }
    }

    /// <summary>The span of the encoded text that decoded to <see cref="Text"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    public (int Start, int End) MapToSource(int start, int end) => (_starts[start], _ends[end - 1]);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static int SequenceLength(byte lead) => lead switch
    {
        < 0x80 => 1,
        _ when (lead & 0xE0) == 0xC0 => 2,
        _ when (lead & 0xF0) == 0xE0 => 3,
        _ when (lead & 0xF8) == 0xF0 => 4,
        _ => 1,
    };
}
