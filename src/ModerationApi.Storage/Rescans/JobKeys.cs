using StackExchange.Redis;

namespace ModerationApi.Storage.Rescans;

/// <summary>
/// The Redis keys of a scale-out rescan job. The job name sits in braces so that, on a Redis Cluster, the stream and
/// the hash hash to the same slot and the acknowledge script may touch both.
/// </summary>
public sealed class JobKeys
{
    /// <summary>The one consumer group every worker reads through.</summary>
    public const string Group = "workers";

    /// <summary>A set of every submitted job's name, so jobs can be listed without scanning the keyspace.</summary>
    public static readonly RedisKey Index = "rescan:jobs";

    /// <summary>The keys of job <paramref name="job"/>.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a brace.</exception>
    public JobKeys(string job)
    {
        if (!IsValidName(job))
        {
            throw new ArgumentException($"--job must be a non-empty name without braces, got '{job}'");
        }

        Job = job;
        Hash = $"rescan:{{{job}}}";
        Chunks = $"rescan:{{{job}}}:chunks";
    }

    /// <summary>The job's name.</summary>
    public string Job { get; }

    /// <summary>The job's metadata and counters.</summary>
    public RedisKey Hash { get; }

    /// <summary>One stream entry per chunk.</summary>
    public RedisKey Chunks { get; }

    /// <summary>Whether <paramref name="job"/> can name a job: non-empty, no braces (they delimit the cluster hash tag).</summary>
    public static bool IsValidName(string? job) =>
        !string.IsNullOrWhiteSpace(job) && job.Length <= 200 && job.IndexOfAny(['{', '}']) < 0;
}
