using ModerationApi.Admission;
using ModerationApi.Storage.Caching;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Observability;
using ModerationApi.Review;

namespace ModerationApi.Moderation;

/// <summary>
/// Moderates posts through the verdict cache: normalise, look up, assess the misses as one batch, store, render.
/// Posts marked <c>doNotStore</c> skip the cache in both directions and are never queued for review. Reviewer feedback
/// (bank, allow list) is applied after the cache, on every request. Only the posts the cache did not answer are
/// admitted to the model, by their cost (see <see cref="ModelAdmission"/>).
/// </summary>
internal sealed class ModerationService(ModerationPipeline pipeline, IVerdictCache cache, ModerationMetrics metrics, ReviewFeedback feedback, ModelAdmission admission)
{
    public async Task<IReadOnlyList<Verdict>> ModerateAsync(IReadOnlyList<ModerateRequest> requests, string apiKey, CancellationToken cancellationToken)
    {
        var prepared = new PreparedPost[requests.Count];
        var cacheable = new List<int>(requests.Count);
        for (var i = 0; i < requests.Count; i++)
        {
            prepared[i] = pipeline.Prepare(requests[i].Text!);
            if (!requests[i].DoNotStore)
            {
                cacheable.Add(i);
            }
        }

        var assessments = new Assessment?[requests.Count];
        var cached = new bool[requests.Count];
        if (cacheable.Count > 0)
        {
            var found = await cache.GetManyAsync(cacheable.ConvertAll(i => prepared[i].CacheKey), cancellationToken);
            for (var j = 0; j < cacheable.Count; j++)
            {
                assessments[cacheable[j]] = found[j];
                cached[cacheable[j]] = found[j] is not null;
            }

            var hits = found.Count(f => f is not null);
            metrics.CacheLookup("hit", hits);
            metrics.CacheLookup("miss", cacheable.Count - hits);
        }

        metrics.CacheLookup("bypass", requests.Count - cacheable.Count);

        // Identical posts in one batch are assessed once.
        var missesByKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            if (assessments[i] is null)
            {
                if (!missesByKey.TryGetValue(prepared[i].CacheKey, out var same))
                {
                    missesByKey[prepared[i].CacheKey] = same = [];
                }

                same.Add(i);
            }
        }

        if (missesByKey.Count > 0)
        {
            var groups = missesByKey.Values.ToList();
            var fresh = await AssessAsync(groups.ConvertAll(g => prepared[g[0]]), apiKey, cancellationToken);
            var toStore = new List<KeyValuePair<string, Assessment>>();
            for (var g = 0; g < groups.Count; g++)
            {
                var store = false;
                foreach (var i in groups[g])
                {
                    assessments[i] = fresh[g];
                    store |= !requests[i].DoNotStore;
                }

                if (store)
                {
                    toStore.Add(new(prepared[groups[g][0]].CacheKey, fresh[g]));
                }
            }

            await cache.SetManyAsync(toStore, cancellationToken);
        }

        var verdicts = new Verdict[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            verdicts[i] = ModerationPipeline.Render(prepared[i], assessments[i]!, requests[i].Id, cached[i]);
        }

        await feedback.ApplyAsync(requests, prepared, verdicts, apiKey, cancellationToken);
        foreach (var verdict in verdicts)
        {
            metrics.Record(verdict);
        }

        return verdicts;
    }

    private async Task<IReadOnlyList<Assessment>> AssessAsync(List<PreparedPost> posts, string apiKey, CancellationToken cancellationToken)
    {
        var costs = admission.Admit(posts, apiKey);

        using var deadline = admission.Deadline(cancellationToken);
        try
        {
            return await pipeline.AssessAsync(posts, costs, deadline.Token);
        }
        catch (ModelQueueFullException)
        {
            admission.QueueRefused();
            throw;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
        {
            metrics.AdmissionRefused("deadline");
            throw new ModelDeadlineException(admission.ModelDeadline, ex);
        }
    }
}
