using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;
using ModerationApi.Engine.Screening;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// The one way to build a <see cref="ModerationEngine"/>: from the same settings sections the service reads
/// (<c>Engine</c>, <c>Policy</c>, <c>Classifier</c>, <c>Review</c>) plus the stores the caller has (verdict cache,
/// known-content source). The service, the CLI and the benchmarks all build theirs here, so they moderate alike.
/// </summary>
public sealed class ModerationEngineBuilder
{
    private readonly EngineOptions _engine;
    private PolicyOptions _policy = new();
    private ClassifierOptions? _model;
    private ITextClassifier? _classifier;
    private IDisposable? _ownedClassifier;
    private IVerdictCache? _cache;
    private KnownContentOptions _knownContent = new();
    private IKnownContentSource? _source;
    private ScreenOptions? _screen;
    private ArabicTextClassifier? _screenArabic;
    private EncoderScreen? _loadedScreen;

    /// <summary>Starts from where the rules and sanctions lists are.</summary>
    public ModerationEngineBuilder(EngineOptions engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>The policy's thresholds (default: the shipped ones).</summary>
    public ModerationEngineBuilder WithPolicy(PolicyOptions policy)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        return this;
    }

    /// <summary>Loads the encoder and heads named by <paramref name="model"/> at <see cref="Build"/> (none when disabled).</summary>
    public ModerationEngineBuilder WithModel(ClassifierOptions model)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _classifier = null;
        return this;
    }

    /// <summary>A classifier built elsewhere (the service's micro-batcher, an offline embedding cache); null for rules only.</summary>
    /// <param name="classifier">The model stage.</param>
    /// <param name="owned">Disposed with the engine, if given.</param>
    public ModerationEngineBuilder WithClassifier(ITextClassifier? classifier, IDisposable? owned = null)
    {
        _classifier = classifier;
        _ownedClassifier = owned;
        _model = null;
        return this;
    }

    /// <summary>
    /// The encoder screen (section <c>Screen</c>; off unless given here and enabled there): posts it judges ordinary
    /// skip the English encoder. Applies only when there is a model.
    /// </summary>
    /// <param name="options">The screen's settings.</param>
    /// <param name="arabic">
    /// The Arabic model that still reads cleared posts' Arabic views, for a classifier given by
    /// <see cref="WithClassifier"/>; with <see cref="WithModel"/> the Arabic model loaded there is used.
    /// </param>
    public ModerationEngineBuilder WithScreen(ScreenOptions options, ArabicTextClassifier? arabic = null)
    {
        _screen = options ?? throw new ArgumentNullException(nameof(options));
        _screenArabic = arabic;
        _loadedScreen = null;
        return this;
    }

    /// <summary>A screen built elsewhere (tests: one that clears everything); null for none.</summary>
    internal ModerationEngineBuilder WithScreen(EncoderScreen? screen)
    {
        _loadedScreen = screen;
        _screen = null;
        return this;
    }

    /// <summary>The verdict cache; without one every post is assessed.</summary>
    public ModerationEngineBuilder WithCache(IVerdictCache? cache)
    {
        _cache = cache;
        return this;
    }

    /// <summary>How near duplicates of confirmed content are found, and where reviewers' decisions are read from.</summary>
    /// <param name="options">Near-duplicate thresholds.</param>
    /// <param name="source">The review store; null keeps an index that only <see cref="ModerationEngine.LearnConfirmed"/> fills.</param>
    public ModerationEngineBuilder WithKnownContent(KnownContentOptions options, IKnownContentSource? source)
    {
        _knownContent = options ?? throw new ArgumentNullException(nameof(options));
        _source = source;
        return this;
    }

    /// <summary>Loads the rules (and the model, if asked for) and builds the engine.</summary>
    /// <exception cref="RuleFileException">A rule file is invalid.</exception>
    public ModerationEngine Build()
    {
        var normalizer = new TextNormalizer();
        var rules = new RuleSetProvider(normalizer, _engine.ResolvedRulesPath, _engine.ResolvedSanctionsPath);
        var policy = new PolicyEngine(_policy);
        var index = new KnownContentIndex(_knownContent.NearDuplicateMaxDistance, _knownContent.NearDuplicateMinSimilarity, _knownContent.NearDuplicateMinWords);
        var classifier = _classifier;
        var owned = _ownedClassifier;
        var arabic = _screenArabic;
        if (_model is not null && ModelLoader.Load(_model) is { } english)
        {
            // Routed as the service routes: English views to the heads, Arabic views to the Arabic model.
            arabic = ModelLoader.LoadArabic(_model);
            (classifier, owned) = (ModelLoader.Route(english, arabic), english);
        }

        var screen = classifier is null ? null : _loadedScreen ?? (_screen is null ? null : EncoderScreen.Load(_screen, arabic));
        var pipeline = new ModerationPipeline(normalizer, rules, policy, classifier, screen);
        return new ModerationEngine(pipeline, rules, policy, _cache, new KnownContentOverlay(index, normalizer), _source, owned);
    }
}
