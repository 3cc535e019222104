namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// Writes a whole file or nothing: a temporary file next to it, flushed to disk, renamed over the target, and the
/// directory fsynced so the rename itself survives a power loss. Readers see
/// either no file, the old one or the complete new one. The temporary name carries the writer's name because two
/// workers may process the same chunk at once (one of them presumed dead and reclaimed from), and each must rename
/// its own complete file.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, string writer, ReadOnlySpan<byte> content)
    {
        var temporary = $"{path}.{writer}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        DurableDirectory.Replace(temporary, path);
    }
}
