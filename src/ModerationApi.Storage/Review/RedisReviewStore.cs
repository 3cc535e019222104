using System.Globalization;
using System.Text.Json;
using ModerationApi.Engine.Pipeline;
using StackExchange.Redis;

namespace ModerationApi.Storage.Review;

/// <summary>
/// The review store on Redis. Each item is a hash (<c>review:item:{id}</c>: the immutable summary and data as JSON, the
/// status and the occurrence count); listings page through lexicographic sorted sets (all items by id, which sorts by
/// time; all items by score; one set per status); an open content hash points at its item for dedupe; decisions go to
/// the item's history list and to the append-only audit stream <c>review:audit</c>; the bank and the allow list are
/// hashes keyed by content hash; a confirmed content hash points at its item, so re-posts the bank blocks count up; open items are counted per API key
/// for the caps in <see cref="ReviewQueueLimits"/>. Enqueue and decide are Lua scripts, so every index changes with the item or not at
/// all, and a decision on an item another reviewer just finalised is refused.
/// </summary>
/// <remarks>Calls throw <see cref="RedisException"/> or <see cref="TimeoutException"/> when Redis is unavailable.</remarks>
public sealed partial class RedisReviewStore(IConnectionMultiplexer redis, string prefix = "review:", ReviewQueueLimits? limits = null) : IReviewStore
{
    private readonly ReviewQueueLimits _limits = limits ?? ReviewQueueLimits.None;

    private const int ScanChunk = 128;

    // The primary constructor's parameters, for the other parts of this class.
    private IConnectionMultiplexer Redis => redis;

    private string Prefix => prefix;

    private static readonly RedisValue[] SummaryFields = ["summary", "status", "occurrences"];
    private static readonly RedisValue[] ItemFields = ["summary", "status", "occurrences", "data"];

    private RedisKey ByTime => Prefix + "by-time";

    private RedisKey ByScore => Prefix + "by-score";

    private RedisKey Audit => Prefix + "audit";

    private RedisKey Bank => Prefix + "bank";

    private RedisKey Allow => Prefix + "allow";

    private RedisKey KnownVersion => Prefix + "known-version";

    // Decided item ids scored by the decision's Unix time in milliseconds, for retention.
    private RedisKey Decided => Prefix + "decided";

    private string ItemPrefix => Prefix + "item:";

    // Open (pending or escalated) items per API key name, for the per-key cap.
    private RedisKey OpenCount => Prefix + "open-count";

    private static string IdOf(string key) => key[(key.IndexOf(':', StringComparison.Ordinal) + 1)..];

    private static ReviewSummary? ReadSummary(RedisValue[] fields)
    {
        if (fields[0].IsNullOrEmpty || !ReviewTransitions.TryParse(fields[1], out var status))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredSummary>((string)fields[0]!, ReviewJson.Options);
        return stored?.ToSummary(status, (long)fields[2]);
    }

    private static ReviewItem? ReadItem(string id, RedisValue[] fields, RedisValue[] history)
    {
        var summary = ReadSummary(fields);
        if (summary is null || fields[3].IsNullOrEmpty || summary.Id != id)
        {
            return null;
        }

        var data = JsonSerializer.Deserialize<StoredData>((string)fields[3]!, ReviewJson.Options)!;
        var entries = history.Select(h => JsonSerializer.Deserialize<AuditEntry>((string)h!, ReviewJson.Options)!).ToList();
        return new ReviewItem(summary, data.Text, data.Verdict, data.ContentHash, ulong.Parse(data.SimHash, CultureInfo.InvariantCulture), entries);
    }

    private RedisKey ItemKey(string id) => ItemPrefix + id;

    private RedisKey HistoryKey(string id) => Prefix + "history:" + id;

    private RedisKey OpenKey(string contentHash) => Prefix + "open:" + contentHash;

    // The confirmed item holding a content hash, so bank-blocked re-posts of it count up instead of adding items.
    private RedisKey ConfirmedKey(string contentHash) => Prefix + "confirmed:" + contentHash;

    private RedisKey StatusKey(ReviewStatus status) => Prefix + "status:" + ReviewTransitions.Name(status);

    // The parts of a summary that never change; status and occurrences are their own hash fields so scripts can update them.
    private sealed record StoredSummary(string Id, DateTimeOffset ReceivedAt, Engine.Policy.ModerationAction Action, string TopLabel, double TopScore, string ApiKey, string? PostId, string Preview)
    {
        public static StoredSummary From(ReviewSummary s) => new(s.Id, s.ReceivedAt, s.Action, s.TopLabel, s.TopScore, s.ApiKey, s.PostId, s.Preview);

        public ReviewSummary ToSummary(ReviewStatus status, long occurrences) =>
            new(Id, ReceivedAt, status, Action, TopLabel, TopScore, ApiKey, PostId, Preview, occurrences);
    }

    // SimHash as a string: JSON readers outside .NET lose precision above 2^53.
    private sealed record StoredData(string Text, Verdict Verdict, string ContentHash, string SimHash);
}
