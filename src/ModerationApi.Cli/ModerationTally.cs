using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Cli;

/// <summary>What the verdict cache and in-batch deduplication saved over a run, summed over its batches.</summary>
internal sealed class ModerationTally
{
    /// <summary>Distinct posts (by cache key, per batch) found in the cache.</summary>
    public long CacheHits { get; private set; }

    /// <summary>Distinct posts (by cache key, per batch) assessed here: each is one text for the model.</summary>
    public long Assessed { get; private set; }

    /// <summary>Posts that were a duplicate of an earlier post in their batch.</summary>
    public long BatchDuplicates { get; private set; }

    public void Add(ModerationCounts counts)
    {
        CacheHits += counts.DistinctFromCache;
        Assessed += counts.DistinctAssessed;
        BatchDuplicates += counts.BatchDuplicates;
    }
}
