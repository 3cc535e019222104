namespace ModerationApi.Cli.Rescan;

/// <summary>The files and batching of one <c>moderation rescan</c>, checked before anything is read or written.</summary>
internal sealed record RescanOptions(
    string Input,
    string Output,
    string Errors,
    string Checkpoint,
    string Format,
    string TextColumn,
    string IdColumn,
    int Batch,
    int ThrottleMs,
    TimeSpan CheckpointEvery,
    string? Previous,
    string Changes)
{
    public static RescanOptions Parse(Arguments a)
    {
        // --throttle-ms (sleep after each batch) and --checkpoint-ms (how often to checkpoint; 0 = every batch) are
        // for tests that need to kill a run in the middle; they are not in the usage text.
        var input = Path.GetFullPath(a.Required("input"));
        var output = Path.GetFullPath(a.Required("output"));
        var o = new RescanOptions(
            input,
            output,
            Path.GetFullPath(a.Optional("errors", output + ".errors.jsonl")),
            CheckpointFile.PathFor(output),
            ArchiveReaders.FormatOf(input, a.Optional("format")),
            a.Optional("text-column", "text"),
            a.Optional("id-column", "id"),
            a.Int("batch", 64, 1, 4096),
            a.Int("throttle-ms", 0, 0, 60_000),
            TimeSpan.FromMilliseconds(a.Int("checkpoint-ms", 1000, 0, 3_600_000)),
            a.Optional("previous") is { } p ? Path.GetFullPath(p) : null,
            Path.GetFullPath(a.Optional("changes", output + ".changes.md")));
        if (!File.Exists(input))
        {
            throw new FileNotFoundException($"input not found: {input}");
        }

        if (new[] { o.Output, o.Errors, o.Checkpoint }.Contains(input, StringComparer.Ordinal) || o.Output == o.Errors)
        {
            throw new ArgumentException("--input, --output and --errors must be different files");
        }

        if (o.Previous is not null && (o.Previous == o.Output || !File.Exists(o.Previous)))
        {
            throw new ArgumentException(o.Previous == o.Output ? "--previous must not be the --output file" : $"--previous not found: {o.Previous}");
        }

        return o;
    }
}
