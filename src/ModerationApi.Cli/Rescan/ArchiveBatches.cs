namespace ModerationApi.Cli.Rescan;

/// <summary>Fills a batch of well-formed posts from an archive; the one place malformed records are set aside.</summary>
internal static class ArchiveBatches
{
    /// <summary>
    /// Reads until <paramref name="posts"/> holds <paramref name="batch"/> records, the archive ends, or the reader
    /// reaches <paramref name="endOffset"/> (a chunk's end). Malformed records go to <paramref name="onError"/>.
    /// </summary>
    /// <returns>True when nothing is left to read.</returns>
    public static bool Fill(IArchiveReader reader, List<ArchiveRecord> posts, int batch, Action<ErrorLine> onError, long endOffset = long.MaxValue)
    {
        posts.Clear();
        while (posts.Count < batch)
        {
            var record = reader.Position < endOffset ? reader.Next() : null;
            if (record is null)
            {
                return true;
            }

            if (record.Error is null)
            {
                posts.Add(record);
            }
            else
            {
                onError(new ErrorLine(record.Line, record.Id, record.Error));
            }
        }

        return false;
    }
}
