using System.Runtime.InteropServices;

namespace ModerationApi.Cli;

/// <summary>
/// Makes a rename durable. A rename changes the directory, not the file, so fsync of the file does not cover it: after
/// a power loss the directory may still name the old file. On Linux the directory itself is opened and fsynced. Other
/// systems do not allow opening a directory this way, and there the call does nothing.
/// </summary>
internal static partial class DurableDirectory
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000;   // O_DIRECTORY on Linux (x64 and arm64)
    private const int CloseOnExec = 0x80000;

    /// <summary>Renames <paramref name="source"/> over <paramref name="destination"/> and fsyncs the directory.</summary>
    public static void Replace(string source, string destination)
    {
        File.Move(source, destination, overwrite: true);
        Flush(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    }

    /// <summary>Fsyncs <paramref name="directory"/>'s entries to disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or synced.</exception>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnly | Directory | CloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot sync directory {directory} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
