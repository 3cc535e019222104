using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ModerationApi.Engine.Crypto;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;
using ModerationApi.Engine.Screening;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Normalise, run the rules, let the encoder screen clear ordinary posts without rule evidence, score the rest with the
/// model (in one batch for many posts), apply the policy, and render the verdict onto the text as sent. Knows nothing of HTTP or caching; callers put a cache between
/// <see cref="Prepare"/> and <c>AssessAsync</c>.
/// </summary>
internal sealed class ModerationPipeline(TextNormalizer normalizer, RuleSetProvider rules, PolicyEngine policy, ITextClassifier? classifier = null, EncoderScreen? screen = null)
{
    /// <summary>The layout of cached assessments; bump it when <see cref="Assessment"/> changes shape.</summary>
    public const string CacheFormat = "v2";

    /// <summary>The version recorded when no classifier is configured.</summary>
    public const string NoModel = "none";

    /// <summary>The classifier version in force, with the encoder screen's when one gates the encoder.</summary>
    public string ModelVersion { get; } = classifier is null ? NoModel : screen is null ? classifier.Version : $"{classifier.Version}+{screen.Version}";

    /// <summary>The rule sets version in force.</summary>
    public string RulesVersion => rules.Current.Version;

    /// <summary>The policy version in force (thresholds and build); part of every cache key.</summary>
    public string PolicyVersion => policy.Version;

    /// <summary>Normalises a post and computes its cache key.</summary>
    public PreparedPost Prepare(string text)
    {
        var canonical = normalizer.Canonicalize(text);
        var generation = rules.Current;
        return new PreparedPost(canonical, CacheKey(canonical.Text, ModelVersion, generation.Version, policy.Version), generation);
    }

    /// <summary>Assesses posts; the model sees them as one batch.</summary>
    public ValueTask<IReadOnlyList<Assessment>> AssessAsync(IReadOnlyList<PreparedPost> posts, CancellationToken cancellationToken = default) =>
        AssessAsync(Screen(posts), null, cancellationToken);

    /// <summary>
    /// Runs the rules over posts and lets the encoder screen clear those without rule evidence; what is left for the
    /// model is <see cref="ScreenedPosts.ModelTexts"/>, which the caller may admit by cost before assessing.
    /// </summary>
    public ScreenedPosts Screen(IReadOnlyList<PreparedPost> posts)
    {
        var signals = new List<RuleSignal>[posts.Count];
        var cleared = new bool[posts.Count];
        var modelTexts = new List<string>(classifier is null ? 0 : posts.Count);
        for (var i = 0; i < posts.Count; i++)
        {
            signals[i] = posts[i].Rules.Evaluate(posts[i].Canonical);
            if (classifier is null)
            {
                continue;
            }

            cleared[i] = screen is not null && !HasRuleEvidence(signals[i], posts[i].Rules) && screen.Clears(posts[i].Canonical.Text);
            if (!cleared[i])
            {
                modelTexts.Add(posts[i].Canonical.Text);
            }
        }

        return new ScreenedPosts(posts, signals, cleared, modelTexts);
    }

    /// <summary>
    /// Assesses screened posts; <paramref name="modelCosts"/>, when given, are the costs the caller already counted for
    /// <see cref="ScreenedPosts.ModelTexts"/> (see <see cref="ITextClassifier"/>), so the model queue need not count them again.
    /// </summary>
    public async ValueTask<IReadOnlyList<Assessment>> AssessAsync(ScreenedPosts screened, IReadOnlyList<int>? modelCosts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(screened);
        var posts = screened.Posts;
        var modelScores = classifier is null ? null : await ScoreAsync(screened, modelCosts, cancellationToken).ConfigureAwait(false);
        var results = new Assessment[posts.Count];
        for (var i = 0; i < posts.Count; i++)
        {
            var scores = modelScores?[i];
            results[i] = policy.Assess(screened.Signals[i], posts[i].Rules, scores, ModelVersion) with
            {
                Coverage = scores?.Coverage ?? RulesOnlyCoverage(posts[i].Canonical.Text),
            };
        }

        return results;
    }

    // The model's scores per post: posts the screen cleared are read without the encoder, the rest go to the
    // classifier as one batch (with their costs, when counted).
    private async ValueTask<ModelScores[]> ScoreAsync(ScreenedPosts screened, IReadOnlyList<int>? modelCosts, CancellationToken cancellationToken)
    {
        var posts = screened.Posts;
        var scores = new ModelScores[posts.Count];
        IReadOnlyList<ModelScores> classified = [];
        if (screened.ModelTexts.Count > 0)
        {
            classified = await classifier!.ClassifyAsync(screened.ModelTexts, modelCosts, cancellationToken).ConfigureAwait(false);
        }

        var next = 0;
        for (var i = 0; i < posts.Count; i++)
        {
            scores[i] = screened.Cleared[i] ? screen!.ReadCleared(posts[i].Canonical.Text) : classified[next++];
        }

        return scores;
    }

    // Rule evidence for any label, as the verdict would show it without the model: such a post always gets the encoder.
    private bool HasRuleEvidence(List<RuleSignal> signals, CompiledRules generation)
    {
        if (signals.Count == 0)
        {
            return false;
        }

        if (signals.Exists(PolicyEngine.WaitsForModel))
        {
            return true;
        }

        var rulesOnly = policy.Assess(signals, generation, null, NoModel);
        return rulesOnly.Evidence.Count > 0 || rulesOnly.Labels.Values.Any(l => l.Score > 0);
    }

    /// <summary>Assesses one post with the rules only (no model), synchronously: for tests and benchmarks of the rule path.</summary>
    public Assessment AssessRules(PreparedPost post) =>
        policy.Assess(post.Rules.Evaluate(post.Canonical), post.Rules, null, NoModel) with { Coverage = RulesOnlyCoverage(post.Canonical.Text) };

    // Without a routing classifier no language was read by a model.
    private static List<LanguageCoverage> RulesOnlyCoverage(string text) =>
        LanguageDetector.Analyze(text).Languages.Select(l => new LanguageCoverage(l, false)).ToList();

    /// <summary>Maps an assessment onto the text as sent.</summary>
    public static Verdict Render(PreparedPost post, Assessment assessment, string? id, bool cached)
    {
        var canonical = post.Canonical;
        var evidence = new List<Evidence>(assessment.Evidence.Count);
        foreach (var item in assessment.Evidence)
        {
            var (start, end) = canonical.MapToOriginal(item.Start, item.End);
            var transforms = canonical.TransformsIn(item.Start, item.End) | item.FoldTransforms;
            var text = post.Original[start..end];
            var detail = item.RuleId == CompiledRules.MoneroUriRuleId ? DescribeMoneroUri(text, item.Detail) : item.Detail;
            evidence.Add(new Evidence(item.Label, item.Source, item.RuleId, start, end, text, detail,
                TextTransformNames.ToNames(transforms), item.Score));
        }

        return new Verdict(id, assessment.Action, assessment.Action != ModerationAction.Allow, assessment.Labels, evidence,
            assessment.ModelVersion, assessment.RulesVersion, cached)
        {
            Coverage = assessment.Coverage,
        };
    }

    private static string DescribeMoneroUri(string evidenceText, string fallback)
    {
        var uris = CryptoAddressScanner.Scan(evidenceText).MoneroUris;
        if (uris.Count == 0)
        {
            return fallback;
        }

        var parameters = uris[0].Parameters;
        return MoneroUriParameters.Describe(parameters.Keys, name => $"{name} \"{parameters[name]}\"");
    }

    /// <summary>The cache key of a canonical text under given versions.</summary>
    public static string CacheKey(string canonicalText, string modelVersion, string rulesVersion, string policyVersion)
    {
        var max = Encoding.UTF8.GetMaxByteCount(canonicalText.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(canonicalText, buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, length), hash);
            return $"verdict:{CacheFormat}:{modelVersion}:{rulesVersion}:{policyVersion}:{Convert.ToHexStringLower(hash)}";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
