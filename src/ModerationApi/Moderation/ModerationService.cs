using ModerationApi.Engine.Pipeline;
using ModerationApi.Observability;
using ModerationApi.Review;

namespace ModerationApi.Moderation;

/// <summary>
/// The endpoints' side of moderation: the engine moderates (cache, known content, policy, all inside
/// <see cref="ModerationEngine.ModerateAsync"/>); this records metrics and hands the engine's review candidates to the
/// review queue under the caller's key.
/// </summary>
internal sealed class ModerationService(ModerationEngine engine, ModerationMetrics metrics, ReviewFeedback feedback)
{
    public async Task<IReadOnlyList<Verdict>> ModerateAsync(IReadOnlyList<ModerateRequest> requests, string apiKey, CancellationToken cancellationToken)
    {
        var posts = new Post[requests.Count];
        for (var i = 0; i < posts.Length; i++)
        {
            posts[i] = new Post(requests[i].Text!, requests[i].Id, requests[i].DoNotStore);
        }

        var batch = await engine.ModerateAsync(posts, cancellationToken);
        metrics.CacheLookup("hit", batch.Counts.CacheHits);
        metrics.CacheLookup("miss", batch.Counts.CacheMisses);
        metrics.CacheLookup("bypass", batch.Counts.CacheBypassed);
        await feedback.QueueAsync(posts, batch, apiKey, cancellationToken);
        foreach (var verdict in batch.Verdicts)
        {
            metrics.Record(verdict);
        }

        return batch.Verdicts;
    }
}
