using StackExchange.Redis;

namespace ModerationApi.Cli.ScaleOut;

/// <summary>
/// The Redis keys of a scale-out job. The job name sits in braces so that, on a Redis Cluster, the stream and the hash
/// hash to the same slot and the acknowledge script may touch both.
/// </summary>
internal sealed class JobKeys
{
    /// <summary>The one consumer group every worker reads through.</summary>
    public const string Group = "workers";

    public JobKeys(string job)
    {
        if (string.IsNullOrWhiteSpace(job) || job.Contains('{', StringComparison.Ordinal) || job.Contains('}', StringComparison.Ordinal))
        {
            throw new ArgumentException($"--job must be a non-empty name without braces, got '{job}'");
        }

        Job = job;
        Hash = $"rescan:{{{job}}}";
        Chunks = $"rescan:{{{job}}}:chunks";
    }

    public string Job { get; }

    /// <summary>The job's metadata and counters.</summary>
    public RedisKey Hash { get; }

    /// <summary>One entry per chunk.</summary>
    public RedisKey Chunks { get; }
}
