using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;
using ModerationApi.Storage.Caching;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The service's pipeline in process: normalise every post of a batch, look the distinct ones up in the verdict cache
/// (when there is one, under the service's key scheme, so the service, workers and local rescans share verdicts),
/// assess the misses once each (the model sees them as one batch, as the service's batch endpoint does), store them,
/// and render each verdict onto its own text.
/// </summary>
internal sealed class BatchModerator : IDisposable
{
    private readonly IDisposable? _owned;
    private readonly ModerationPipeline _pipeline;
    private readonly IVerdictCache? _cache;

    public BatchModerator(ModerationPipeline pipeline, IVerdictCache? cache, IDisposable? owned = null)
    {
        _pipeline = pipeline;
        _cache = cache;
        _owned = owned;
    }

    public string ModelVersion => _pipeline.ModelVersion;

    public string RulesVersion => _pipeline.RulesVersion;

    public string PolicyVersion => _pipeline.PolicyVersion;

    /// <summary>Distinct posts (by cache key, per batch) found in the cache.</summary>
    public long CacheHits { get; private set; }

    /// <summary>Distinct posts (by cache key, per batch) assessed here: each is one text for the model.</summary>
    public long Assessed { get; private set; }

    /// <summary>Posts that were a duplicate of an earlier post in their batch.</summary>
    public long BatchDuplicates { get; private set; }

    /// <summary>Loads the rules and, unless <paramref name="headsPath"/> is null, the encoder and heads.</summary>
    public static BatchModerator Create(string rulesPath, string? headsPath, IVerdictCache? cache = null)
    {
        var normalizer = new TextNormalizer();
        var rules = new RuleSetProvider(normalizer, rulesPath, null);
        var policy = new PolicyEngine(new PolicyOptions());
        if (headsPath is null)
        {
            return new BatchModerator(new ModerationPipeline(normalizer, rules, policy), cache);
        }

        var encoder = new MiniLmEncoder();
        try
        {
            var classifier = new OnnxTextClassifier(encoder, HeadModel.Load(headsPath), ownsModels: true);
            // Routed as the service routes: English views to the heads, Arabic views to the Arabic model shipped with them.
            var arabic = ArabicModelPath(headsPath) is { } arabicPath ? new ArabicTextClassifier(ArabicModel.Load(arabicPath)) : null;
            var routed = new LanguageRoutingClassifier(classifier, arabic);
            return new BatchModerator(new ModerationPipeline(normalizer, rules, policy, routed), cache, classifier);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    // models/arabic/arabic.bin beside the heads' folder (models/heads/heads.onnx), else next to the executable.
    private static string? ArabicModelPath(string headsPath)
    {
        string[] candidates =
        [
            Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(headsPath)) ?? ".", "arabic", "arabic.bin"),
            Path.Combine(AppContext.BaseDirectory, "models", "arabic", "arabic.bin"),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    public async Task<Verdict[]> ModerateAsync(IReadOnlyList<ArchiveRecord> posts, CancellationToken cancellationToken)
    {
        var prepared = new PreparedPost[posts.Count];
        var groupOf = new int[posts.Count];
        var firstByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<PreparedPost>();
        for (var i = 0; i < posts.Count; i++)
        {
            prepared[i] = _pipeline.Prepare(posts[i].Text);
            if (!firstByKey.TryGetValue(prepared[i].CacheKey, out var group))
            {
                firstByKey[prepared[i].CacheKey] = group = distinct.Count;
                distinct.Add(prepared[i]);
            }

            groupOf[i] = group;
        }

        BatchDuplicates += posts.Count - distinct.Count;
        var assessments = await AssessDistinctAsync(distinct, cancellationToken);
        var verdicts = new Verdict[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            verdicts[i] = ModerationPipeline.Render(prepared[i], assessments[groupOf[i]], posts[i].Id, cached: false);
        }

        return verdicts;
    }

    private async Task<Assessment[]> AssessDistinctAsync(List<PreparedPost> distinct, CancellationToken cancellationToken)
    {
        var results = new Assessment[distinct.Count];
        var misses = new List<int>(distinct.Count);
        if (_cache is null)
        {
            misses.AddRange(Enumerable.Range(0, distinct.Count));
        }
        else
        {
            var found = await _cache.GetManyAsync(distinct.ConvertAll(p => p.CacheKey), cancellationToken);
            for (var i = 0; i < found.Length; i++)
            {
                if (found[i] is { } hit)
                {
                    results[i] = hit;
                    CacheHits++;
                }
                else
                {
                    misses.Add(i);
                }
            }
        }

        if (misses.Count == 0)
        {
            return results;
        }

        var fresh = await _pipeline.AssessAsync(misses.ConvertAll(i => distinct[i]), cancellationToken);
        Assessed += misses.Count;
        var toStore = new List<KeyValuePair<string, Assessment>>(misses.Count);
        for (var j = 0; j < misses.Count; j++)
        {
            results[misses[j]] = fresh[j];
            toStore.Add(new(distinct[misses[j]].CacheKey, fresh[j]));
        }

        if (_cache is not null)
        {
            await _cache.SetManyAsync(toStore, cancellationToken);
        }

        return results;
    }

    public void Dispose() => _owned?.Dispose();
}
