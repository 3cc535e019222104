using System.Security.Cryptography;

namespace ModerationApi.Cli.Rescan;

/// <summary>Opens an archive in its format at a resume point.</summary>
internal static class ArchiveReaders
{
    public const string JsonLines = "jsonl";
    public const string Csv = "csv";

    /// <summary>The format named by <paramref name="format"/>, or the one the file name says.</summary>
    public static string FormatOf(string path, string? format)
    {
        if (format is not null)
        {
            return format is JsonLines or Csv ? format : throw new ArgumentException($"--format must be {JsonLines} or {Csv}, got '{format}'");
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" or ".json" => JsonLines,
            ".csv" => Csv,
            _ => throw new ArgumentException($"cannot tell the format of '{Path.GetFileName(path)}' from its name; pass --format {JsonLines} or --format {Csv}"),
        };
    }

    public static IArchiveReader Open(string path, string format, string textColumn, string idColumn, long offset, long lines, int maxRecordBytes)
    {
        // Unbuffered: ByteInput does the buffering and must know where every byte came from.
        var input = new ByteInput(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0));
        try
        {
            return format == Csv
                ? new CsvArchiveReader(input, textColumn, idColumn, offset, lines, maxRecordBytes)
                : new JsonLinesArchiveReader(input, textColumn, idColumn, offset, lines, maxRecordBytes);
        }
        catch
        {
            input.Dispose();
            throw;
        }
    }

    /// <summary>SHA-256 of the first 64 KiB: enough to notice a different file of the same length without reading it all.</summary>
    public static string HeadHash(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length)));
    }
}
