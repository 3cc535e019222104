using System.Text;
using ModerationApi.Cli.Rescan;

namespace ModerationApi.UnitTests.Rescan;

/// <summary>Archives held in memory, read through a deliberately tiny buffer so records straddle buffer refills.</summary>
internal static class InMemoryArchive
{
    public const int TinyBuffer = 3;

    public static ByteInput Input(string content, int bufferSize = TinyBuffer) => Input(Encoding.UTF8.GetBytes(content), bufferSize);

    public static ByteInput Input(byte[] content, int bufferSize = TinyBuffer) => new(new MemoryStream(content, writable: false), bufferSize);

    public static List<CsvRecord> ReadCsv(string content, int maxRecordBytes = 1024)
    {
        var reader = new CsvRecordReader(Input(content), 0, maxRecordBytes);
        var records = new List<CsvRecord>();
        while (reader.Next() is { } record)
        {
            records.Add(record);
        }

        return records;
    }

    public static List<ArchiveRecord> ReadAll(IArchiveReader reader)
    {
        var records = new List<ArchiveRecord>();
        while (reader.Next() is { } record)
        {
            records.Add(record);
        }

        return records;
    }
}
