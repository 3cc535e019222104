using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Sends each post's English view to the English model and its Arabic view to the Arabic model, merges their
/// scores (per label the higher) and evidence, and records which languages a model read.
/// </summary>
/// <remarks>
/// Views come from <see cref="LanguageDetector"/>: what renders as nothing, symbol floods and letters of other scripts
/// are cut out first, so padding a post cannot take its words away from the model that reads them. Languages no model
/// reads (French, Russian ...) are reported with <c>model: false</c> and judged by the rules alone.
/// </remarks>
internal sealed class LanguageRoutingClassifier : ITextClassifier
{
    /// <summary>The language the English model reads.</summary>
    public const string English = "en";

    /// <summary>The language the Arabic model reads.</summary>
    public const string Arabic = "ar";

    private readonly ITextClassifier? _english;
    private readonly ArabicTextClassifier? _arabic;

    /// <summary>Routes to the given models; either may be missing, and its language is then read by rules only.</summary>
    public LanguageRoutingClassifier(ITextClassifier? english, ArabicTextClassifier? arabic)
    {
        if (english is null && arabic is null)
        {
            throw new ArgumentException("at least one model is needed.", nameof(english));
        }

        _english = english;
        _arabic = arabic;
        Version = (english, arabic) switch
        {
            ({ } e, { } a) => $"{e.Version}+{a.Version}",
            ({ } e, null) => e.Version,
            _ => arabic!.Version,
        };
    }

    /// <inheritdoc />
    public string Version { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var analyses = new LanguageAnalysis[texts.Count];
        var englishViews = new List<LanguageView>();
        var englishOf = new int[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            analyses[i] = LanguageDetector.Analyze(texts[i]);
            englishOf[i] = -1;
            if (_english is not null && analyses[i].View(English) is { } view)
            {
                englishOf[i] = englishViews.Count;
                englishViews.Add(view);
            }
        }

        IReadOnlyList<ModelScores>? english = null;
        if (englishViews.Count > 0)
        {
            english = await _english!.ClassifyAsync(englishViews.ConvertAll(v => v.Text), cancellationToken).ConfigureAwait(false);
        }

        var results = new ModelScores[texts.Count];
        for (var i = 0; i < texts.Count; i++)
        {
            var scores = new Dictionary<string, double>(StringComparer.Ordinal);
            var windows = new List<ModelWindow>();
            if (englishOf[i] >= 0)
            {
                var view = englishViews[englishOf[i]];
                var result = english![englishOf[i]];
                Merge(scores, result.Scores);
                foreach (var w in result.Windows)
                {
                    var (start, end) = view.ToSource(w.Start, w.End);
                    windows.Add(w with { Start = start, End = end });
                }
            }

            if (_arabic is not null && analyses[i].View(Arabic) is { } arabicView)
            {
                var (arabicScores, arabicWindows) = _arabic.Score(arabicView);
                Merge(scores, arabicScores);
                windows.AddRange(arabicWindows);
            }

            var coverage = analyses[i].Languages
                .Select(l => new LanguageCoverage(l, (l == English && _english is not null) || (l == Arabic && _arabic is not null)))
                .ToList();
            results[i] = new ModelScores(scores, windows) { Coverage = coverage };
        }

        return results;
    }

    private static void Merge(Dictionary<string, double> into, IReadOnlyDictionary<string, double> scores)
    {
        foreach (var (label, score) in scores)
        {
            into[label] = into.TryGetValue(label, out var existing) ? Math.Max(existing, score) : score;
        }
    }
}
