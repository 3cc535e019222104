using System.Globalization;
using ModerationApi.Cli.Rescan;
using ModerationApi.Storage.Rescans;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// <c>moderation submit</c>: cuts an archive into chunks of whole records and puts one stream entry per chunk on
/// <c>rescan:{job}:chunks</c> for workers to take through the <c>workers</c> consumer group. The cut points come from
/// the same readers the workers use, so a chunk boundary is always a record boundary (a CSV record with quoted line
/// breaks is never split). Only offsets go on the stream: workers read the archive themselves from a shared path.
/// </summary>
internal static class SubmitCommand
{
    public static readonly string Usage = $"moderation submit   --redis <host:port> --job <name> --input <posts.jsonl|posts.csv> [--chunk 1000] [--output-dir <dir>] [--text-column text] [--id-column id] [--format jsonl|csv] {CliEngine.Usage}";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, [ModelArguments.FlagNoModel], "redis", "job", "input", "chunk", "output-dir", "text-column", "id-column", "format", "rules", "heads", CliEngine.SettingsOption);
        var keys = new JobKeys(a.Required("job"));
        var input = Path.GetFullPath(a.Required("input"));
        var format = ArchiveReaders.FormatOf(input, a.Optional("format"));
        var textColumn = a.Optional("text-column", "text");
        var idColumn = a.Optional("id-column", "id");
        var chunkRecords = a.Int("chunk", 1000, 1, 10_000_000);
        var outputDir = a.Optional("output-dir") is { } dir ? Path.GetFullPath(dir) : null;
        if (!File.Exists(input))
        {
            throw new FileNotFoundException($"input not found: {input}");
        }

        // Cut first, connect after: a wrong column or unreadable header fails before anything is put on Redis.
        var (chunks, records) = Cut(input, format, textColumn, idColumn, chunkRecords);

        // The versions the job's workers must run: loading the rules and model here is what computes them, so a
        // job is never recorded with versions that no worker could have.
        string rulesVersion, modelVersion, policyVersion;
        using (var engine = await CliEngine.BuildAsync(a, CliEngine.Configuration(a), redis: null))
        {
            (rulesVersion, modelVersion, policyVersion) = (engine.RulesVersion, engine.ModelVersion, engine.PolicyVersion);
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync(a.Required("redis"));
        var db = redis.GetDatabase();

        // The hash is created only if absent, so two submits of one job name cannot interleave their chunks.
        var created = await db.HashSetAsync(keys.Hash, JobFields.Input, input, When.NotExists);
        if (!created)
        {
            throw new ArgumentException($"job '{keys.Job}' already exists on {a.Required("redis")}; choose another --job name");
        }

        var metadata = new List<HashEntry>
        {
            new(JobFields.Format, format),
            new(JobFields.TextColumn, textColumn),
            new(JobFields.IdColumn, idColumn),
            new(JobFields.Total, chunks.Count),
            new(JobFields.Records, records),
            new(JobFields.RulesVersion, rulesVersion),
            new(JobFields.ModelVersion, modelVersion),
            new(JobFields.PolicyVersion, policyVersion),
            new(JobFields.ChunkRecords, chunkRecords),
            new(JobFields.SubmittedAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()),
            new(JobFields.Done, 0),
            new(JobFields.Failed, 0),
            new(JobFields.Posts, 0),
            new(JobFields.Errors, 0),
        };
        if (outputDir is not null)
        {
            metadata.Add(new(JobFields.OutputDir, outputDir));
        }

        await db.HashSetAsync(keys.Hash, [.. metadata]);
        await db.SetAddAsync(JobKeys.Index, keys.Job);

        // The group starts at 0 so that it sees every entry, whether added before or after it exists.
        await db.StreamCreateConsumerGroupAsync(keys.Chunks, JobKeys.Group, "0-0", createStream: true);
        var batch = db.CreateBatch();
        var adds = chunks.Select(c => batch.StreamAddAsync(keys.Chunks, c.ToEntry())).ToArray();
        batch.Execute();
        await Task.WhenAll(adds);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"job {keys.Job}: {chunks.Count:N0} chunks of up to {chunkRecords:N0} records ({records:N0} in all) from {input}; rules {rulesVersion}, model {modelVersion}, policy {policyVersion}"));
        return 0;
    }

    /// <summary>Record-aligned byte ranges of at most <paramref name="chunkRecords"/> records (posts and malformed lines) each.</summary>
    internal static (List<Chunk> Chunks, long Records) Cut(string input, string format, string textColumn, string idColumn, int chunkRecords)
    {
        var chunks = new List<Chunk>();
        var records = 0L;
        using var reader = ArchiveReaders.Open(input, format, textColumn, idColumn, 0, 0, RescanCommand.MaxRecordBytes);

        // Chunk 0 starts at offset 0, not after a CSV header or BOM: a reader opened at 0 skips those itself.
        long start = 0, startLine = 0;
        var count = 0;
        while (reader.Next() is not null)
        {
            records++;
            if (++count == chunkRecords)
            {
                chunks.Add(new Chunk(chunks.Count, start, reader.Position, startLine));
                (start, startLine, count) = (reader.Position, reader.Lines, 0);
            }
        }

        if (count > 0)
        {
            chunks.Add(new Chunk(chunks.Count, start, reader.Position, startLine));
        }

        return (chunks, records);
    }
}
