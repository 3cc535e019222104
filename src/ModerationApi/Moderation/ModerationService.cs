using ModerationApi.Admission;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Observability;
using ModerationApi.Review;

namespace ModerationApi.Moderation;

/// <summary>
/// The endpoints' side of moderation: the engine moderates (cache, known content, policy, all inside
/// <see cref="ModerationEngine.ModerateAsync(IReadOnlyList{Post}, IModelGate, CancellationToken)"/>), admitting the
/// posts the cache did not answer to the model by their cost under the caller's key (<see cref="ModelAdmission"/>);
/// this records metrics and hands the engine's review candidates to the review queue.
/// </summary>
internal sealed class ModerationService(ModerationEngine engine, ModerationMetrics metrics, ReviewFeedback feedback, ModelAdmission admission)
{
    public async Task<IReadOnlyList<Verdict>> ModerateAsync(IReadOnlyList<ModerateRequest> requests, string apiKey, CancellationToken cancellationToken)
    {
        var posts = new Post[requests.Count];
        for (var i = 0; i < posts.Length; i++)
        {
            posts[i] = new Post(requests[i].Text!, requests[i].Id, requests[i].DoNotStore);
        }

        var batch = await engine.ModerateAsync(posts, new RequestModelGate(admission, metrics, apiKey), cancellationToken);
        metrics.CacheLookup("hit", batch.Counts.CacheHits);
        metrics.CacheLookup("miss", batch.Counts.CacheMisses);
        metrics.CacheLookup("bypass", batch.Counts.CacheBypassed);
        metrics.ScreenCleared(batch.Counts.Screened);
        await feedback.QueueAsync(posts, batch, apiKey, cancellationToken);
        foreach (var verdict in batch.Verdicts)
        {
            metrics.Record(verdict);
        }

        return batch.Verdicts;
    }
}
