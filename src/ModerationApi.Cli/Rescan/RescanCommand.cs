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
        var a = new Arguments(args, [ModelArguments.FlagNoModel, "overwrite"],
            "input", "output", "format", "text-column", "id-column", "batch", "rules", "heads", "errors", "throttle-ms", "checkpoint-ms",
            "redis", "previous", "changes", CliEngine.SettingsOption);
        var o = RescanOptions.Parse(a);

        // With a Redis (--redis, or the service's connection string in --settings), the service's verdict cache and
        // its reviewers' bank and allow list: posts the service or an earlier run already assessed under the same
        // versions cost no model call, and banked or allow-listed posts get the service's verdict. The output never
        // says "cached", so it is the same either way.
        var configuration = CliEngine.Configuration(a);
        await using var redis = CliEngine.RedisAddress(a, configuration) is { } redisAddress ? await ConnectionMultiplexer.ConnectAsync(redisAddress) : null;
        using var engine = await CliEngine.BuildAsync(a, configuration, redis);
        var job = new RescanJob(o.Input, new FileInfo(o.Input).Length, ArchiveReaders.HeadHash(o.Input), o.Errors, o.Format, o.TextColumn,
            o.IdColumn, o.Batch, engine.ModelVersion, engine.RulesVersion);
        var checkpoint = OpenCheckpoint(o, job, a.Flag("overwrite"));
        if (checkpoint.Complete)
        {
            Console.Error.WriteLine($"already complete ({o.Checkpoint}); pass --overwrite to run again");
            Console.Write(RescanSummary.Format(checkpoint.Tally, o.Output, o.Errors));
            WriteChanges(o.Previous, o.Output, o.Changes);
            return 0;
        }

        if (checkpoint.InputOffset > 0)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resuming at line {checkpoint.Lines + 1:N0} ({checkpoint.Tally.Posts:N0} posts already done)"));
        }

        var moderator = new ArchiveModerator(engine, o.Batch);
        var progress = new RescanProgress(checkpoint.Tally, job.InputLength, checkpoint.InputOffset, Console.Error, !Console.IsErrorRedirected);
        if (!await RunBatchesAsync(o, moderator, checkpoint, progress))
        {
            return 130;
        }

        var seconds = progress.Elapsed.TotalSeconds;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"this run: {progress.SessionPosts:N0} posts in {seconds:0.0} s ({(seconds > 0 ? progress.SessionPosts / seconds : 0):N0}/s)"));
        Console.Error.WriteLine(CliEngine.Summary(moderator.Savings));
        Console.Write(RescanSummary.Format(checkpoint.Tally, o.Output, o.Errors));
        WriteChanges(o.Previous, o.Output, o.Changes);
        return 0;
    }

    /// <summary>The checkpoint to go on from: a new one (written before the output is touched), or the last run's.</summary>
    private static RescanCheckpoint OpenCheckpoint(RescanOptions o, RescanJob job, bool overwrite)
    {
        var checkpoint = overwrite ? null : CheckpointFile.Read(o.Checkpoint);
        if (checkpoint is null)
        {
            if (!overwrite && LengthOf(o.Output) > 0)
            {
                throw new ArgumentException($"{o.Output} exists but has no checkpoint ({o.Checkpoint}), so it is not a rescan this command can resume; pass --overwrite to start again");
            }

            // Written before the output is touched: from here on a crash at any point leaves a checkpoint to resume from.
            checkpoint = RescanCheckpoint.Start(job);
            CheckpointFile.Write(o.Checkpoint, checkpoint);
        }
        else if (checkpoint.CannotResume(job, LengthOf(o.Output), LengthOf(o.Errors)) is { } reason)
        {
            throw new InvalidDataException($"cannot resume {o.Output}: {reason}. Pass --overwrite to start again.");
        }

        return checkpoint;
    }

    /// <summary>Moderates from the checkpoint to the end of the archive, checkpointing as it goes.</summary>
    /// <returns>False when a signal stopped the run (checkpointed, resumable).</returns>
    private static async Task<bool> RunBatchesAsync(RescanOptions o, ArchiveModerator moderator, RescanCheckpoint checkpoint, RescanProgress progress)
    {
        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Stop(stop, context));
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Stop(stop, context));
        using var outputFile = new FileStream(o.Output, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 16);
        using var errorsFile = new FileStream(o.Errors, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 1 << 12);

        // Whatever was written after the checkpoint (a torn line, whole batches not yet checkpointed) is redone.
        outputFile.SetLength(checkpoint.OutputLength);
        outputFile.Seek(0, SeekOrigin.End);
        errorsFile.SetLength(checkpoint.ErrorsLength);
        errorsFile.Seek(0, SeekOrigin.End);

        using var reader = ArchiveReaders.Open(o.Input, o.Format, o.TextColumn, o.IdColumn, checkpoint.InputOffset, checkpoint.Lines, MaxRecordBytes);
        var tally = checkpoint.Tally;
        var sinceCheckpoint = Stopwatch.StartNew();
        while (true)
        {
            // The batch is finished even when a stop was asked for, so that it can be checkpointed.
            var end = await moderator.NextAsync(reader, outputFile, errorsFile, tally, CancellationToken.None);
            if (o.ThrottleMs > 0)
            {
                // Hand the batch to the OS before sleeping: a kill during the sleep then leaves lines past the
                // checkpoint for the resumed run to cut off, which is the case the tests need to exercise.
                outputFile.Flush();
                errorsFile.Flush();
                Thread.Sleep(o.ThrottleMs);
            }

            var stopping = stop.IsCancellationRequested;
            if (end || stopping || sinceCheckpoint.Elapsed >= o.CheckpointEvery)
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
                CheckpointFile.Write(o.Checkpoint, checkpoint);
                sinceCheckpoint.Restart();
            }

            progress.Report(reader.Position, force: end || stopping);
            if (end || stopping)
            {
                progress.Finish();
                if (!end)
                {
                    Console.Error.WriteLine($"stopped; run the same command to resume from {o.Checkpoint}");
                }

                return end;
            }
        }
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
