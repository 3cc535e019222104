namespace ModerationApi.Engine.Pipeline;

/// <summary>Where a batch's verdicts came from. Posts of one batch with the same canonical text are one distinct post.</summary>
/// <param name="CacheHits">Posts answered from the verdict cache.</param>
/// <param name="CacheMisses">Posts looked up in the cache and not found.</param>
/// <param name="CacheBypassed">Posts marked do-not-store, which never touch the cache.</param>
/// <param name="DistinctFromCache">Distinct posts found in the cache.</param>
/// <param name="DistinctAssessed">Distinct posts assessed here: each is one text for the model.</param>
/// <param name="BatchDuplicates">Posts that repeat an earlier post of their batch.</param>
/// <param name="Banked">Posts blocked by the known-content bank.</param>
/// <param name="AllowListed">Posts allowed because a reviewer dismissed their text.</param>
/// <param name="Screened">Distinct posts assessed here that the encoder screen cleared (they skipped the encoder).</param>
public readonly record struct ModerationCounts(
    int CacheHits,
    int CacheMisses,
    int CacheBypassed,
    int DistinctFromCache,
    int DistinctAssessed,
    int BatchDuplicates,
    int Banked,
    int AllowListed,
    int Screened = 0);
