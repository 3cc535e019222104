using System.Globalization;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// A slice of the archive, <c>[Start, End)</c> in bytes, holding whole records only: both ends are record boundaries
/// reported by the archive reader, so a worker can read it with the same reader started at <see cref="Start"/>.
/// </summary>
/// <param name="Number">0-based, in archive order; names the output file.</param>
/// <param name="Start">Byte offset of the first record.</param>
/// <param name="End">Byte offset just past the last record.</param>
/// <param name="StartLine">Physical lines before <see cref="Start"/>, so error line numbers are the archive's.</param>
internal sealed record Chunk(int Number, long Start, long End, long StartLine)
{
    public NameValueEntry[] ToEntry() =>
    [
        new("n", Number),
        new("start", Start),
        new("end", End),
        new("line", StartLine),
    ];

    /// <exception cref="InvalidDataException">The entry is not a chunk.</exception>
    public static Chunk FromEntry(StreamEntry entry)
    {
        return new Chunk((int)Field("n"), Field("start"), Field("end"), Field("line"));

        long Field(string name) =>
            long.TryParse(entry[name].ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new InvalidDataException($"stream entry {entry.Id} has no numeric '{name}'");
    }

    public static string FileName(int number) => string.Create(CultureInfo.InvariantCulture, $"chunk-{number}.jsonl");

    public static string ErrorsFileName(int number) => string.Create(CultureInfo.InvariantCulture, $"chunk-{number}.errors.jsonl");
}
