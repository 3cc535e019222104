using StackExchange.Redis;

namespace ModerationApi.Storage.Review;

/// <summary>Reading: one item with its history, and pages of items by time, score or status.</summary>
public sealed partial class RedisReviewStore
{
    /// <inheritdoc/>
    public async ValueTask<ReviewItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!ReviewIds.IsValid(id))
        {
            return null;
        }

        var database = Redis.GetDatabase();
        var fields = database.HashGetAsync(ItemKey(id), ItemFields);
        var history = database.ListRangeAsync(HistoryKey(id));
        await Task.WhenAll(fields, history).WaitAsync(cancellationToken).ConfigureAwait(false);
        return ReadItem(id, await fields.ConfigureAwait(false), await history.ConfigureAwait(false));
    }

    /// <inheritdoc/>
    public async ValueTask<ReviewPage> ListAsync(ReviewQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var database = Redis.GetDatabase();
        RedisKey index;
        string max = "+";
        string min = "-";
        if (query.Sort == ReviewSort.Newest)
        {
            index = query.Status is { } status ? StatusKey(status) : ByTime;
            if (query.To is { } to)
            {
                max = "(" + ReviewIds.UpperBoundExclusive(to);
            }

            if (query.From is { } from)
            {
                min = "[" + ReviewIds.LowerBound(from);
            }
        }
        else
        {
            index = ByScore;
        }

        if (query.After is { } after && (max == "+" || string.CompareOrdinal(after.Key, max[1..]) < 0))
        {
            max = "(" + after.Key;
        }

        var page = new List<ReviewSummary>(query.Limit);
        var more = false;
        while (!more)
        {
            var keys = (RedisValue[])(await database.ExecuteAsync("ZREVRANGEBYLEX", index, max, min, "LIMIT", 0, ScanChunk)
                .WaitAsync(cancellationToken).ConfigureAwait(false))!;
            if (keys.Length == 0)
            {
                break;
            }

            var batch = database.CreateBatch();
            var reads = new Task<RedisValue[]>[keys.Length];
            for (var i = 0; i < keys.Length; i++)
            {
                reads[i] = batch.HashGetAsync(ItemKey(IdOf(keys[i]!)), SummaryFields);
            }

            batch.Execute();
            await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < keys.Length && !more; i++)
            {
                var summary = ReadSummary(await reads[i].ConfigureAwait(false));
                if (summary is null || !query.Matches(summary))
                {
                    continue;
                }

                if (page.Count == query.Limit)
                {
                    more = true;
                }
                else
                {
                    page.Add(summary);
                }
            }

            if (keys.Length < ScanChunk)
            {
                break;
            }

            max = "(" + (string)keys[^1]!;
        }

        return new ReviewPage(page, more ? ReviewCursor.After(query.Sort, page[^1]) : null);
    }
}
