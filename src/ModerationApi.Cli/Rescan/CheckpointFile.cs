using System.Text.Json;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// Reads and writes checkpoints atomically: write a temporary file, flush it to disk, rename it over the old one, fsync
/// the directory. A crash leaves either the old checkpoint or the new one, never a torn one, and once written a
/// checkpoint survives a power loss (without the directory fsync the rename could be undone, leaving an older but
/// still correct resume point, since every checkpoint describes output already on disk when it was written).
/// </summary>
internal static class CheckpointFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathFor(string output) => output + ".checkpoint";

    /// <summary>The checkpoint at <paramref name="path"/>, or null if there is none.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a checkpoint this version can read.</exception>
    public static RescanCheckpoint? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return Deserialize(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path} is not a readable checkpoint ({ex.Message}); delete it and the output to start again", ex);
        }
    }

    public static void Write(string path, RescanCheckpoint checkpoint)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Serialize(checkpoint));
            stream.Flush(flushToDisk: true);
        }

        DurableDirectory.Replace(temporary, path);
    }

    public static byte[] Serialize(RescanCheckpoint checkpoint) => JsonSerializer.SerializeToUtf8Bytes(checkpoint, Options);

    /// <exception cref="JsonException">Not a checkpoint.</exception>
    public static RescanCheckpoint Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<RescanCheckpoint>(json, Options) ?? throw new JsonException("empty checkpoint");
}
