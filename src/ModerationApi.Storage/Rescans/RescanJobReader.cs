using System.Globalization;
using StackExchange.Redis;

namespace ModerationApi.Storage.Rescans;

/// <summary>
/// Reads scale-out rescan jobs from Redis: the one implementation behind <c>moderation status</c> and the service's
/// admin endpoint, so both report the same numbers.
/// </summary>
public static class RescanJobReader
{
    /// <summary>The status of <paramref name="job"/>, or null if no such job was submitted to this Redis.</summary>
    /// <exception cref="ArgumentException">The name cannot name a job.</exception>
    /// <exception cref="RedisException">Redis failed or is unreachable.</exception>
    public static async Task<RescanJobStatus?> ReadAsync(IDatabaseAsync db, string job)
    {
        ArgumentNullException.ThrowIfNull(db);
        var keys = new JobKeys(job);
        var hash = (await db.HashGetAllAsync(keys.Hash).ConfigureAwait(false))
            .ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        if (!hash.TryGetValue(JobFields.Input, out var input) || !hash.ContainsKey(JobFields.Total))
        {
            return null;
        }

        var pending = 0L;
        var workers = new List<RescanWorker>();
        if (await db.KeyExistsAsync(keys.Chunks).ConfigureAwait(false))
        {
            pending = (await db.StreamPendingAsync(keys.Chunks, JobKeys.Group).ConfigureAwait(false)).PendingMessageCount;
            foreach (var consumer in await db.StreamConsumerInfoAsync(keys.Chunks, JobKeys.Group).ConfigureAwait(false))
            {
                workers.Add(new RescanWorker(consumer.Name, consumer.PendingMessageCount, consumer.IdleTimeInMilliseconds));
            }
        }

        var total = Long(hash, JobFields.Total) ?? 0;
        var done = Long(hash, JobFields.Done) ?? 0;
        var failed = Long(hash, JobFields.Failed) ?? 0;
        var posts = Long(hash, JobFields.Posts) ?? 0;
        var started = Long(hash, JobFields.StartedAt);
        var updated = Long(hash, JobFields.UpdatedAt);

        // From the first chunk taken to the last acknowledged: the rate does not count the wait for the first worker
        // and does not decay while nobody is working.
        var seconds = started is { } s && updated is { } u ? (u - s) / 1000.0 : 0;
        var failures = hash.Where(e => e.Key.StartsWith(JobFields.FailurePrefix, StringComparison.Ordinal))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key[JobFields.FailurePrefix.Length..], e => e.Value, StringComparer.Ordinal);
        return new RescanJobStatus(
            keys.Job,
            input,
            total,
            done,
            failed,
            pending,
            Math.Max(0, total - done - failed - pending),
            Long(hash, JobFields.Records),
            posts,
            Long(hash, JobFields.Errors) ?? 0,
            posts > 0 && seconds > 0 ? posts / seconds : 0,
            done + failed >= total,
            hash.GetValueOrDefault(JobFields.RulesVersion),
            hash.GetValueOrDefault(JobFields.ModelVersion),
            hash.GetValueOrDefault(JobFields.PolicyVersion),
            Time(Long(hash, JobFields.SubmittedAt)),
            Time(started),
            Time(updated),
            workers,
            failures);
    }

    /// <summary>The names of the jobs submitted to this Redis, in name order.</summary>
    /// <exception cref="RedisException">Redis failed or is unreachable.</exception>
    public static async Task<IReadOnlyList<string>> ListAsync(IDatabaseAsync db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var members = await db.SetMembersAsync(JobKeys.Index).ConfigureAwait(false);
        return [.. members.Select(m => m.ToString()).Order(StringComparer.Ordinal)];
    }

    private static long? Long(Dictionary<string, string> hash, string field) =>
        hash.TryGetValue(field, out var value) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
