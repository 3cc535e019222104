using ModerationApi.Cli.Rescan;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// Moderates one chunk into <c>chunk-{n}.jsonl</c> (verdicts, in archive order) and <c>chunk-{n}.errors.jsonl</c>
/// (malformed records with the archive's line numbers), each written whole or not at all. The output of a chunk
/// depends only on the chunk and the batch size, so a chunk done twice (a reclaimed one) is written identically.
/// </summary>
internal sealed class ChunkProcessor(JobSettings job, ArchiveModerator moderator, string outputDir, string writer, int throttleMs)
{
    public async Task<ChunkResult> ProcessAsync(Chunk chunk, CancellationToken cancellationToken)
    {
        // A chunk is at most a few thousand short posts, so its output is built in memory and written in one go.
        using var verdicts = new MemoryStream();
        using var errors = new MemoryStream();
        var tally = new RescanTally();
        using (var reader = ArchiveReaders.Open(job.Input, job.Format, job.TextColumn, job.IdColumn, chunk.Start, chunk.StartLine, RescanCommand.MaxRecordBytes))
        {
            var end = false;
            while (!end)
            {
                end = await moderator.NextAsync(reader, verdicts, errors, tally, cancellationToken, chunk.End);
                if (throttleMs > 0)
                {
                    await Task.Delay(throttleMs, cancellationToken);
                }
            }

            if (reader.Position != chunk.End)
            {
                // The archive changed since submit: the chunk's end is no longer a record boundary.
                throw new InvalidDataException($"chunk {chunk.Number} should end at byte {chunk.End} but its last record ends at {reader.Position}; the archive changed after submit");
            }
        }

        Directory.CreateDirectory(outputDir);

        // Errors first: a chunk counts as done when its verdicts file exists and its entry is acknowledged, and both
        // follow this write.
        AtomicFile.Write(Path.Combine(outputDir, Chunk.ErrorsFileName(chunk.Number)), writer, errors.GetBuffer().AsSpan(0, (int)errors.Length));
        AtomicFile.Write(Path.Combine(outputDir, Chunk.FileName(chunk.Number)), writer, verdicts.GetBuffer().AsSpan(0, (int)verdicts.Length));
        return new ChunkResult((int)tally.Posts, (int)tally.Errors);
    }
}
