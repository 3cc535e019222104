using System.Runtime.CompilerServices;
using System.Text.Json;
using StackExchange.Redis;

namespace ModerationApi.Storage.Review;

/// <summary>The audit log and the decided items, streamed oldest first for export.</summary>
public sealed partial class RedisReviewStore
{
    /// <inheritdoc/>
    public async IAsyncEnumerable<AuditEntry> ReadAuditAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var database = Redis.GetDatabase();
        RedisValue start = "-";
        while (true)
        {
            var entries = await database.StreamRangeAsync(Audit, start, "+", ScanChunk).WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var streamEntry in entries)
            {
                var json = streamEntry["entry"];
                if (json.IsNullOrEmpty)
                {
                    continue;
                }

                var entry = JsonSerializer.Deserialize<AuditEntry>((string)json!, ReviewJson.Options);
                if (entry is not null && (from is null || entry.At >= from) && (to is null || entry.At <= to))
                {
                    yield return entry;
                }
            }

            if (entries.Length < ScanChunk)
            {
                yield break;
            }

            start = "(" + (string)entries[^1].Id!;
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ReviewItem> ReadDecidedAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (id, status) in DecidedIdsAsync(cancellationToken).ConfigureAwait(false))
        {
            if (await GetAsync(id, cancellationToken).ConfigureAwait(false) is { } item && item.Status == status)
            {
                yield return item;
            }
        }
    }

    // The ids in the confirmed and then the dismissed status set, oldest first, a chunk per round trip.
    private async IAsyncEnumerable<(string Id, ReviewStatus Status)> DecidedIdsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var status in new[] { ReviewStatus.Confirmed, ReviewStatus.Dismissed })
        {
            string min = "-";
            while (true)
            {
                var ids = (RedisValue[])(await Redis.GetDatabase().ExecuteAsync("ZRANGEBYLEX", StatusKey(status), min, "+", "LIMIT", 0, ScanChunk)
                    .WaitAsync(cancellationToken).ConfigureAwait(false))!;
                foreach (var id in ids)
                {
                    yield return ((string)id!, status);
                }

                if (ids.Length < ScanChunk)
                {
                    break;
                }

                min = "(" + (string)ids[^1]!;
            }
        }
    }
}
