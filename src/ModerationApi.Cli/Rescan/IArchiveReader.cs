namespace ModerationApi.Cli.Rescan;

/// <summary>Reads posts from an archive one at a time, in constant memory, from a resumable byte offset.</summary>
internal interface IArchiveReader : IDisposable
{
    /// <summary>The byte offset just past the last record returned.</summary>
    long Position { get; }

    /// <summary>Physical lines consumed so far.</summary>
    long Lines { get; }

    /// <summary>The next post or malformed line, or null at the end of the archive.</summary>
    ArchiveRecord? Next();
}
