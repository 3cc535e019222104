using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ModerationApi.Cli.Compare;
using StackExchange.Redis;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// <c>moderation rescan</c>: moderates an archive (JSON Lines or CSV) in process and writes one verdict per post as
/// JSON Lines, in input order, with constant memory. Crash-safe: after a batch's lines are flushed to disk a
/// checkpoint records the input offset reached and the output's length; a run killed at any moment is resumed by the
/// same command, which cuts the output back to the checkpoint and reads on from the recorded offset. Checkpoints fall
/// on batch boundaries, so the resumed run forms the same batches and its output is byte-identical to an
/// uninterrupted run's.
/// </summary>
internal static class RescanCommand
{
    public static readonly string Usage = $"moderation rescan   --input <posts.jsonl|posts.csv> --output <verdicts.jsonl> [--text-column text] [--id-column id] [--format jsonl|csv] [--batch 64] {CliEngine.Usage} [--errors <file>] [--overwrite] [--redis <host:port>] [--previous <old-verdicts.jsonl> [--changes <changes.md>]]";

    /// <summary>A record (line, or CSV record with its quoted line breaks) longer than this is reported, not read.</summary>
    internal const int MaxRecordBytes = 1 << 20;

    public static async Task<int> RunAsync(string[] args)
    {
        // --throttle-ms (sleep after each batch) and --checkpoint-ms (how often to checkpoint; 0 = every batch) are
        // for tests that need to kill a run in the middle; they are not in the usage text.
        var a = new Arguments(args, [ModelArguments.FlagNoModel, "overwrite"],
            "input", "output", "format", "text-column", "id-column", "batch", "rules", "heads", "errors", "throttle-ms", "checkpoint-ms",
            "redis", "previous", "changes", CliEngine.SettingsOption);
        var input = Path.GetFullPath(a.Required("input"));
        var output = Path.GetFullPath(a.Required("output"));
        var errors = Path.GetFullPath(a.Optional("errors", output + ".errors.jsonl"));
        var checkpointPath = CheckpointFile.PathFor(output);
        var format = ArchiveReaders.FormatOf(input, a.Optional("format"));
        var textColumn = a.Optional("text-column", "text");
        var idColumn = a.Optional("id-column", "id");
        var batch = a.Int("batch", 64, 1, 4096);
        var throttle = a.Int("throttle-ms", 0, 0, 60_000);
        var checkpointEvery = TimeSpan.FromMilliseconds(a.Int("checkpoint-ms", 1000, 0, 3_600_000));
        var previous = a.Optional("previous") is { } p ? Path.GetFullPath(p) : null;
        var changes = Path.GetFullPath(a.Optional("changes", output + ".changes.md"));
        if (!File.Exists(input))
        {
            throw new FileNotFoundException($"input not found: {input}");
        }

        if (new[] { output, errors, checkpointPath }.Contains(input, StringComparer.Ordinal) || output == errors)
        {
            throw new ArgumentException("--input, --output and --errors must be different files");
        }

        if (previous is not null && (previous == output || !File.Exists(previous)))
        {
            throw new ArgumentException(previous == output ? "--previous must not be the --output file" : $"--previous not found: {previous}");
        }

        // With a Redis (--redis, or the service's connection string in --settings), the service's verdict cache and
        // its reviewers' bank and allow list: posts the service or an earlier run already assessed under the same
        // versions cost no model call, and banked or allow-listed posts get the service's verdict. The output never
        // says "cached", so it is the same either way.
        var configuration = CliEngine.Configuration(a);
        await using var redis = CliEngine.RedisAddress(a, configuration) is { } redisAddress ? await ConnectionMultiplexer.ConnectAsync(redisAddress) : null;
        using var engine = await CliEngine.BuildAsync(a, configuration, redis);
        var inputLength = new FileInfo(input).Length;
        var job = new RescanJob(input, inputLength, ArchiveReaders.HeadHash(input), errors, format, textColumn, idColumn, batch,
            engine.ModelVersion, engine.RulesVersion);

        var checkpoint = a.Flag("overwrite") ? null : CheckpointFile.Read(checkpointPath);
        if (checkpoint is null)
        {
            if (!a.Flag("overwrite") && LengthOf(output) > 0)
            {
                throw new ArgumentException($"{output} exists but has no checkpoint ({checkpointPath}), so it is not a rescan this command can resume; pass --overwrite to start again");
            }

            // Written before the output is touched: from here on a crash at any point leaves a checkpoint to resume from.
            checkpoint = RescanCheckpoint.Start(job);
            CheckpointFile.Write(checkpointPath, checkpoint);
        }
        else if (checkpoint.CannotResume(job, LengthOf(output), LengthOf(errors)) is { } reason)
        {
            throw new InvalidDataException($"cannot resume {output}: {reason}. Pass --overwrite to start again.");
        }

        if (checkpoint.Complete)
        {
            Console.Error.WriteLine($"already complete ({checkpointPath}); pass --overwrite to run again");
            Console.Write(RescanSummary.Format(checkpoint.Tally, output, errors));
            WriteChanges(previous, output, changes);
            return 0;
        }

        if (checkpoint.InputOffset > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resuming at line {checkpoint.Lines + 1:N0} ({checkpoint.Tally.Posts:N0} posts already done)"));
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(stop, context));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(stop, context));

        using var outputFile = new FileStream(output, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        using var errorsFile = new FileStream(errors, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 12);

        // Whatever was written after the checkpoint (a torn line, whole batches not yet checkpointed) is redone.
        outputFile.SetLength(checkpoint.OutputLength);
        outputFile.Seek(0, SeekOrigin.End);
        errorsFile.SetLength(checkpoint.ErrorsLength);
        errorsFile.Seek(0, SeekOrigin.End);

        using var reader = ArchiveReaders.Open(input, format, textColumn, idColumn, checkpoint.InputOffset, checkpoint.Lines, MaxRecordBytes);
        var tally = checkpoint.Tally;
        var progress = new RescanProgress(tally, inputLength, checkpoint.InputOffset, Console.Error, !Console.IsErrorRedirected);
        var sinceCheckpoint = Stopwatch.StartNew();
        var moderator = new ArchiveModerator(engine, batch);
        while (true)
        {
            // The batch is finished even when a stop was asked for, so that it can be checkpointed.
            var end = await moderator.NextAsync(reader, outputFile, errorsFile, tally, CancellationToken.None);

            if (throttle > 0)
            {
                // Hand the batch to the OS before sleeping: a kill during the sleep then leaves lines past the
                // checkpoint for the resumed run to cut off, which is the case the tests need to exercise.
                outputFile.Flush();
                errorsFile.Flush();
                Thread.Sleep(throttle);
            }

            var stopping = stop.IsCancellationRequested;
            if (end || stopping || sinceCheckpoint.Elapsed >= checkpointEvery)
            {
                outputFile.Flush(flushToDisk: true);
                errorsFile.Flush(flushToDisk: true);
                checkpoint = checkpoint with
                {
                    InputOffset = reader.Position,
                    Lines = reader.Lines,
                    OutputLength = outputFile.Position,
                    ErrorsLength = errorsFile.Position,
                    Complete = end,
                    Tally = tally,
                };
                CheckpointFile.Write(checkpointPath, checkpoint);
                sinceCheckpoint.Restart();
            }

            progress.Report(reader.Position, force: end || stopping);
            if (end)
            {
                break;
            }

            if (stopping)
            {
                progress.Finish();
                Console.Error.WriteLine($"stopped; run the same command to resume from {checkpointPath}");
                return 130;
            }
        }

        progress.Finish();
        var seconds = progress.Elapsed.TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"this run: {progress.SessionPosts:N0} posts in {seconds:0.0} s ({(seconds > 0 ? progress.SessionPosts / seconds : 0):N0}/s)"));
        Console.Error.WriteLine(CliEngine.Summary(moderator.Savings));
        Console.Write(RescanSummary.Format(tally, output, errors));
        WriteChanges(previous, output, changes);
        return 0;
    }

    /// <summary>The retroactive report against an earlier run's verdicts, when one was named.</summary>
    internal static void WriteChanges(string? previous, string output, string report)
    {
        if (previous is null)
        {
            return;
        }

        var changes = CompareCommand.Write(previous, output, report, CompareCommand.DefaultSamples);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  changed since {Path.GetFileName(previous)}: {changes.Changed:N0} of {changes.Compared:N0} (report: {report})"));
    }

    private static long LengthOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    // The first Ctrl-C or SIGTERM stops after the current batch, checkpointed; a second one ends the process at once.
    private static void Stop(CancellationTokenSource stop, PosixSignalContext context)
    {
        context.Cancel = !stop.IsCancellationRequested;
        stop.Cancel();
    }
}
