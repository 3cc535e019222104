using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Cli.Review;

/// <summary>
/// <c>moderation export-decisions</c>: every confirmed and dismissed review item from the service's Redis as labelled
/// JSON Lines for <c>moderation train --corpus</c>, except re-posts the known-content bank confirmed by itself. Written to a temporary file and renamed, so a failed export never
/// leaves half a corpus file behind.
/// </summary>
internal static class ExportDecisionsCommand
{
    public const string Usage = "moderation export-decisions --redis <host:port> --out <file.jsonl> [--prefix review:]   (reviewer decisions only; bank auto-confirmations are skipped)";

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, "redis", "out", "prefix");
        var output = Path.GetFullPath(a.Required("out"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(a.Required("redis"));
        var store = new RedisReviewStore(redis, a.Optional("prefix", "review:"));
        var temporary = output + ".partial";
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        (int Confirmed, int Dismissed) counts;
        await using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            counts = await DecisionExport.WriteAsync(store.ReadDecidedAsync(CancellationToken.None), writer, CancellationToken.None);
        }

        File.Move(temporary, output, overwrite: true);
        Console.WriteLine($"wrote {counts.Confirmed + counts.Dismissed} decisions to {output} ({counts.Confirmed} confirmed as positives, {counts.Dismissed} dismissed as hard negatives; re-posts the bank confirmed by itself are not exported)");
        return 0;
    }
}
