using System.Globalization;
using ModerationApi.Cli.Rescan;
using ModerationApi.Storage.Rescans;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// <c>moderation worker</c>: takes chunks of a submitted job through the <c>workers</c> consumer group, writes each
/// chunk's output durably (temporary file, fsync, rename), and only then acknowledges it. A worker that dies leaves
/// its chunk pending; any other worker reclaims it (XAUTOCLAIM) once it has been idle for <c>--claim-idle-ms</c> and
/// does it again, overwriting whatever partial temporary file was left. Delivery is therefore at least once, and the
/// output is exactly once because a chunk's file is replaced whole and the counters move only on the first ack.
/// </summary>
internal static class WorkerCommand
{
    public static readonly string Usage = $"moderation worker   --redis <host:port> --job <name> [--output-dir <dir>] [--consumer <id>] [--claim-idle-ms 30000] [--follow] [--batch 64] {CliEngine.Usage} [--no-cache]";

    // Acknowledges and counts in one step, and counts only if this call removed the entry from the pending list: a
    // chunk done by both a slow worker and the one that reclaimed it from it is counted once.
    private const string AcknowledgeScript = """
        local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
        if acked == 1 then
          redis.call('HINCRBY', KEYS[2], ARGV[3], 1)
          redis.call('HINCRBY', KEYS[2], 'posts', ARGV[4])
          redis.call('HINCRBY', KEYS[2], 'errors', ARGV[5])
          redis.call('HSET', KEYS[2], 'updatedAt', ARGV[6])
          if ARGV[7] ~= '' then
            redis.call('HSET', KEYS[2], ARGV[7], ARGV[8])
          end
        end
        return acked
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        // --throttle-ms (pause after each batch) is for tests that must kill a worker in the middle of a chunk; it is
        // not in the usage text.
        var a = new Arguments(args, [ModelArguments.FlagNoModel, "follow", "no-cache"],
            "redis", "job", "output-dir", "consumer", "claim-idle-ms", "batch", "rules", "heads", "throttle-ms", "poll-ms", CliEngine.SettingsOption);
        var keys = new JobKeys(a.Required("job"));
        var consumer = a.Optional("consumer", $"{Environment.MachineName}-{Environment.ProcessId}");
        var claimIdle = a.Int("claim-idle-ms", 30_000, 1, int.MaxValue);
        var poll = TimeSpan.FromMilliseconds(a.Int("poll-ms", Math.Min(1000, Math.Max(50, claimIdle / 4)), 10, 60_000));
        var follow = a.Flag("follow");
        var batch = a.Int("batch", 64, 1, 4096);
        var throttle = a.Int("throttle-ms", 0, 0, 60_000);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(a.Required("redis"));
        var db = redis.GetDatabase();
        var job = await JobSettings.ReadAsync(db, keys);
        var outputDir = job.OutputDirOr(a.Optional("output-dir"));
        if (!File.Exists(job.Input))
        {
            // Workers read the archive themselves: on another machine it must be at the same path (a shared mount).
            throw new FileNotFoundException($"input not found on this machine: {job.Input}");
        }

        // The service's verdict cache and known content on the job's Redis: a post already seen (by the service,
        // another worker, an earlier job) costs no model call.
        using var engine = await CliEngine.BuildAsync(a, CliEngine.Configuration(a), redis, cache: !a.Flag("no-cache"));
        if (job.VersionMismatch(engine.RulesVersion, engine.ModelVersion, engine.PolicyVersion) is { } mismatch)
        {
            Console.Error.WriteLine($"error: worker {consumer} refuses job {keys.Job}: {mismatch}");
            return 3;
        }

        var moderator = new ArchiveModerator(engine, batch);
        var processor = new ChunkProcessor(job, moderator, outputDir, consumer, throttle);
        var chunksDone = 0;
        Console.Error.WriteLine($"worker {consumer}: job {keys.Job}, {job.Total} chunks, output in {outputDir}");
        while (true)
        {
            var entry = await NextAsync(db, keys, consumer, claimIdle);
            if (entry is null)
            {
                // Nothing new to take. The job is finished only when nothing is pending either; a pending chunk may
                // belong to a dead worker and become claimable once it has been idle long enough.
                var pending = await db.StreamPendingAsync(keys.Chunks, JobKeys.Group);
                if (pending.PendingMessageCount == 0 && !follow)
                {
                    break;
                }

                await Task.Delay(poll);
                continue;
            }

            await ProcessAndAcknowledgeAsync(db, keys, processor, entry.Value, consumer);
            chunksDone++;
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worker {consumer}: stream drained after {chunksDone} chunks"));
        Console.Error.WriteLine($"worker {consumer}: {CliEngine.Summary(moderator.Savings)}");
        return 0;
    }

    /// <summary>Does one chunk and acknowledges it, as done or (when it cannot be done) as failed.</summary>
    private static async Task ProcessAndAcknowledgeAsync(IDatabase db, JobKeys keys, ChunkProcessor processor, StreamEntry entry, string consumer)
    {
        // Kept only by the first worker to take a chunk: the job's rate runs from here, not from submit.
        await db.HashSetAsync(keys.Hash, JobFields.StartedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), When.NotExists);
        var chunk = Chunk.FromEntry(entry);
        string counter;
        ChunkResult result;
        string failure = string.Empty;
        try
        {
            result = await processor.ProcessAsync(chunk, CancellationToken.None);
            counter = JobFields.Done;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // A chunk that cannot be done (archive changed, disk full) is acknowledged as failed rather than left
            // pending, where every worker would reclaim it and fail on it for ever.
            Console.Error.WriteLine($"worker {consumer}: chunk {chunk.Number} failed: {ex.Message}");
            result = new ChunkResult(0, 0);
            counter = JobFields.Failed;
            failure = ex.Message;
        }

        var acked = (long)await db.ScriptEvaluateAsync(AcknowledgeScript, [keys.Chunks, keys.Hash],
        [
            JobKeys.Group, entry.Id, counter, result.Posts, result.Errors, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            failure.Length > 0 ? JobFields.FailurePrefix + chunk.Number.ToString(CultureInfo.InvariantCulture) : string.Empty, failure,
        ]);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worker {consumer}: chunk {chunk.Number} {counter} ({result.Posts} posts, {result.Errors} malformed){(acked == 0 ? ", already acknowledged by another worker" : string.Empty)}"));
    }

    /// <summary>A chunk reclaimed from a dead worker if there is one, else a new chunk, else null.</summary>
    private static async Task<StreamEntry?> NextAsync(IDatabase db, JobKeys keys, string consumer, int claimIdleMs)
    {
        // Reclaiming first finishes an abandoned job's holes before its tail, so a job with a dead worker is not left
        // waiting on one old chunk at the end.
        var claimed = await db.StreamAutoClaimAsync(keys.Chunks, JobKeys.Group, consumer, claimIdleMs, "0-0", 1);
        if (claimed.ClaimedEntries is [var reclaimed, ..] && !reclaimed.IsNull)
        {
            Console.Error.WriteLine($"worker {consumer}: reclaimed {reclaimed.Id} idle for over {claimIdleMs} ms");
            return reclaimed;
        }

        var fresh = await db.StreamReadGroupAsync(keys.Chunks, JobKeys.Group, consumer, StreamPosition.NewMessages, 1);
        return fresh is [var entry, ..] ? entry : null;
    }
}
