using System.Globalization;
using System.Text;
using ModerationApi.Storage.Rescans;
using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// <c>moderation status</c>: a job's chunks done, failed, pending and queued, its rate, workers and versions. The
/// numbers come from <see cref="RescanJobReader"/>, as the service's <c>GET /v1/admin/rescans/{job}</c> does.
/// </summary>
internal static class StatusCommand
{
    public const string Usage = "moderation status   --redis <host:port> [--job <name>]   (no --job: list jobs)";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, "redis", "job");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(a.Required("redis"));
        var db = redis.GetDatabase();
        if (a.Optional("job") is not { } job)
        {
            foreach (var name in await RescanJobReader.ListAsync(db))
            {
                Console.WriteLine(name);
            }

            return 0;
        }

        var status = await RescanJobReader.ReadAsync(db, job)
            ?? throw new ArgumentException($"no job '{job}' on this Redis (run moderation submit first)");
        Console.Write(Format(status));
        return 0;
    }

    public static string Format(RescanJobStatus s)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"job:     {s.Job}");
        sb.AppendLine(inv, $"input:   {s.Input}");
        sb.AppendLine(inv, $"total:   {s.TotalChunks} chunks{(s.TotalRecords is { } r ? string.Create(inv, $" ({r:N0} records)") : string.Empty)}");
        sb.AppendLine(inv, $"done:    {s.DoneChunks}");
        sb.AppendLine(inv, $"failed:  {s.FailedChunks}");
        sb.AppendLine(inv, $"pending: {s.PendingChunks} (taken by a worker, not yet acknowledged)");
        sb.AppendLine(inv, $"queued:  {s.QueuedChunks}");
        sb.AppendLine(inv, $"posts:   {s.Posts:N0} ({s.Malformed:N0} malformed records)");
        sb.AppendLine(inv, $"rate:    {s.PostsPerSecond:N0} posts/s");
        sb.AppendLine(inv, $"versions: rules {s.RulesVersion ?? "?"}, model {s.ModelVersion ?? "?"}, policy {s.PolicyVersion ?? "?"}");
        sb.AppendLine(inv, $"times:   submitted {Time(s.SubmittedAt)}, started {Time(s.StartedAt)}, updated {Time(s.UpdatedAt)}");
        foreach (var worker in s.Workers)
        {
            sb.AppendLine(inv, $"worker {worker.Name}: {worker.PendingChunks} pending, idle {worker.IdleMs:N0} ms");
        }

        foreach (var (chunk, reason) in s.Failures)
        {
            sb.AppendLine(inv, $"failed chunk {chunk}: {reason}");
        }

        return sb.ToString();
    }

    private static string Time(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}
