using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The service's pipeline in process: normalise every post of a batch, assess identical posts once (the model sees the
/// distinct ones as one batch, as the service's batch endpoint does), render each verdict onto its own text.
/// </summary>
internal sealed class BatchModerator : IDisposable
{
    private readonly OnnxTextClassifier? _classifier;
    private readonly ModerationPipeline _pipeline;

    private BatchModerator(ModerationPipeline pipeline, OnnxTextClassifier? classifier)
    {
        _pipeline = pipeline;
        _classifier = classifier;
    }

    public string ModelVersion => _pipeline.ModelVersion;

    public string RulesVersion => _pipeline.RulesVersion;

    /// <summary>Loads the rules and, unless <paramref name="headsPath"/> is null, the encoder and heads.</summary>
    public static BatchModerator Create(string rulesPath, string? headsPath)
    {
        var normalizer = new TextNormalizer();
        var rules = new RuleSetProvider(normalizer, rulesPath, null);
        var policy = new PolicyEngine(new PolicyOptions());
        if (headsPath is null)
        {
            return new BatchModerator(new ModerationPipeline(normalizer, rules, policy), null);
        }

        var encoder = new MiniLmEncoder();
        try
        {
            var classifier = new OnnxTextClassifier(encoder, HeadModel.Load(headsPath), ownsModels: true);
            return new BatchModerator(new ModerationPipeline(normalizer, rules, policy, classifier), classifier);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
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

        var assessments = await _pipeline.AssessAsync(distinct, cancellationToken);
        var verdicts = new Verdict[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            verdicts[i] = ModerationPipeline.Render(prepared[i], assessments[groupOf[i]], posts[i].Id, cached: false);
        }

        return verdicts;
    }

    public void Dispose() => _classifier?.Dispose();
}
