using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The loop of <c>rescan</c> and of a worker's chunk: read a batch of well-formed posts, moderate it through the
/// engine (the model sees the batch at once), and write one verdict line per post in archive order and one error line
/// per malformed record. The output depends only on the records and the batch size.
/// </summary>
internal sealed class ArchiveModerator(ModerationEngine engine, int batch)
{
    private readonly List<ArchiveRecord> _posts = new(batch);

    /// <summary>What the cache and in-batch deduplication saved so far.</summary>
    public ModerationTally Savings { get; } = new();

    /// <summary>
    /// Moderates the next batch (records up to <paramref name="endOffset"/>, a chunk's end), adding its verdicts and
    /// malformed records to <paramref name="tally"/>.
    /// </summary>
    /// <returns>True when nothing is left to read.</returns>
    public async Task<bool> NextAsync(IArchiveReader reader, Stream verdicts, Stream errors, RescanTally tally, CancellationToken cancellationToken, long endOffset = long.MaxValue)
    {
        var end = ArchiveBatches.Fill(reader, _posts, batch, error =>
        {
            errors.Write(RescanJson.Line(error));
            tally.Errors++;
        }, endOffset);

        if (_posts.Count == 0)
        {
            return end;
        }

        var posts = _posts.ConvertAll(p => new Post(p.Text, p.Id));
        var moderated = await engine.ModerateAsync(posts, cancellationToken);
        Savings.Add(moderated.Counts);
        for (var i = 0; i < _posts.Count; i++)
        {
            verdicts.Write(RescanJson.Line(VerdictLine.From(moderated.Verdicts[i], _posts[i])));
            tally.Add(moderated.Verdicts[i]);
        }

        return end;
    }
}
