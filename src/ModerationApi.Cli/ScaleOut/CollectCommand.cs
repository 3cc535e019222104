using ModerationApi.Storage.Rescans;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// <c>moderation collect</c>: concatenates the chunk files of a finished job in chunk order into one verdicts file
/// (and one errors file), which is then in archive order. Refuses if any chunk file is missing rather than write a
/// file with a hole in it.
/// </summary>
internal static class CollectCommand
{
    public const string Usage = "moderation collect  --redis <host:port> --job <name> --output <verdicts.jsonl> [--output-dir <dir>] [--errors <file>] [--previous <old-verdicts.jsonl> [--changes <changes.md>]]";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, "redis", "job", "output-dir", "output", "errors", "previous", "changes");
        var keys = new JobKeys(a.Required("job"));
        var output = Path.GetFullPath(a.Required("output"));
        var errors = Path.GetFullPath(a.Optional("errors", output + ".errors.jsonl"));
        var previous = a.Optional("previous") is { } p ? Path.GetFullPath(p) : null;
        if (previous is not null && (previous == output || !File.Exists(previous)))
        {
            throw new ArgumentException(previous == output ? "--previous must not be the --output file" : $"--previous not found: {previous}");
        }
        JobSettings job;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(a.Required("redis")))
        {
            job = await JobSettings.ReadAsync(redis.GetDatabase(), keys);
        }

        var outputDir = job.OutputDirOr(a.Optional("output-dir"));
        var missing = Enumerable.Range(0, job.Total).Where(n => !File.Exists(Path.Combine(outputDir, Chunk.FileName(n)))).ToList();
        if (missing.Count > 0)
        {
            Console.Error.WriteLine($"error: {missing.Count} of {job.Total} chunk files missing in {outputDir} (first: {Chunk.FileName(missing[0])}); is the job finished? see moderation status");
            return 1;
        }

        Concatenate(output, Enumerable.Range(0, job.Total).Select(n => Path.Combine(outputDir, Chunk.FileName(n))));
        Concatenate(errors, Enumerable.Range(0, job.Total).Select(n => Path.Combine(outputDir, Chunk.ErrorsFileName(n))).Where(File.Exists));
        Console.WriteLine($"collected {job.Total} chunks into {output}");
        Rescan.RescanCommand.WriteChanges(previous, output, Path.GetFullPath(a.Optional("changes", output + ".changes.md")));
        return 0;
    }

    private static void Concatenate(string path, IEnumerable<string> parts)
    {
        var temporary = path + ".tmp";
        using (var target = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var part in parts)
            {
                using var source = File.OpenRead(part);
                source.CopyTo(target);
            }

            target.Flush(flushToDisk: true);
        }

        DurableDirectory.Replace(temporary, path);
    }
}
