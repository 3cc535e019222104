using System.Globalization;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary><c>moderation status</c>: a job's chunks done, failed, pending and queued, and its rate so far.</summary>
internal static class StatusCommand
{
    public const string Usage = "moderation status   --redis <host:port> --job <name>";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, "redis", "job");
        var keys = new JobKeys(a.Required("job"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(a.Required("redis"));
        var db = redis.GetDatabase();
        var job = await JobSettings.ReadAsync(db, keys);
        var hash = (await db.HashGetAllAsync(keys.Hash)).ToDictionary(e => e.Name.ToString(), e => e.Value, StringComparer.Ordinal);
        var pending = (await db.StreamPendingAsync(keys.Chunks, JobKeys.Group)).PendingMessageCount;
        long Get(string field) => hash.TryGetValue(field, out var v) && v.TryParse(out long n) ? n : 0;

        var done = Get(JobFields.Done);
        var failed = Get(JobFields.Failed);
        var posts = Get(JobFields.Posts);

        // The rate runs from submit to the last acknowledged chunk, so it does not decay while nobody is working.
        var seconds = (Get(JobFields.UpdatedAt) - Get(JobFields.SubmittedAt)) / 1000.0;
        var rate = posts > 0 && seconds > 0 ? posts / seconds : 0;
        var queued = Math.Max(0, job.Total - done - failed - pending);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            job:     {keys.Job}
            input:   {job.Input}
            total:   {job.Total} chunks
            done:    {done}
            failed:  {failed}
            pending: {pending} (taken by a worker, not yet acknowledged)
            queued:  {queued}
            posts:   {posts:N0} ({Get(JobFields.Errors):N0} malformed records)
            rate:    {rate:N0} posts/s
            """));
        foreach (var (field, reason) in hash.Where(e => e.Key.StartsWith(JobFields.FailurePrefix, StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"failed chunk {field[JobFields.FailurePrefix.Length..]}: {reason}");
        }

        return 0;
    }
}
