using System.Globalization;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Screening;

/// <summary>
/// The first stage before the English encoder: a logistic model over hashed word and character n-grams of a post's
/// folded English view (<see cref="HashedNgramModel"/>), trained by <c>moderation train-screen</c> to predict whether
/// the encoder's scores could matter to the verdict. A post it clears skips the encoder; its rules, its Arabic view and
/// the policy run as always, and its verdict's coverage marks English as <see cref="LanguageCoverage.Screened"/>.
/// </summary>
/// <remarks>
/// The pipeline never asks the screen about a post with rule evidence for any label (see
/// <see cref="ModerationPipeline"/>), nor about posts the verdict cache answered. Scoring is a few microseconds.
/// </remarks>
public sealed class EncoderScreen
{
    /// <summary>The one label a screen model scores: the encoder's scores could change the verdict.</summary>
    public const string Label = "encoder_needed";

    private readonly HashedNgramModel _model;
    private readonly LanguageRoutingClassifier? _withoutEnglish;

    internal EncoderScreen(HashedNgramModel model, double? threshold, ArabicTextClassifier? arabic)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Labels.Count != 1 || model.Labels[0] != Label)
        {
            throw new InvalidDataException($"a screen model scores the one label '{Label}', not {string.Join(", ", model.Labels)}.");
        }

        _model = model;
        Threshold = threshold ?? model.Thresholds[0];
        _withoutEnglish = arabic is null ? null : new LanguageRoutingClassifier(null, arabic);

        // A threshold other than the file's changes verdicts, so it is part of the version (and of cache keys).
        Version = threshold is null ? model.Version : string.Create(CultureInfo.InvariantCulture, $"{model.Version}@{threshold.Value:0.######}");
    }

    /// <summary><c>screen-</c> and the model file's hash, plus the threshold when it overrides the file's.</summary>
    public string Version { get; }

    /// <summary>Posts scoring below this skip the encoder.</summary>
    public double Threshold { get; }

    /// <summary>Loads the screen named by <paramref name="options"/>, or null when it is switched off.</summary>
    /// <param name="options">The <c>Screen</c> section.</param>
    /// <param name="arabic">The Arabic model, which still reads the Arabic view of a cleared post.</param>
    /// <exception cref="InvalidDataException">The file is not a screen model.</exception>
    public static EncoderScreen? Load(ScreenOptions options, ArabicTextClassifier? arabic)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled
            ? new EncoderScreen(HashedNgramModel.Load(HashedModelFormat.Screen, options.ResolvedModelPath), options.Threshold, arabic)
            : null;
    }

    /// <summary>The probability that the encoder matters for this English text (the post's English view).</summary>
    public double Score(ReadOnlySpan<char> englishView)
    {
        Span<float> p = stackalloc float[1];
        _model.Score(englishView, p);
        return p[0];
    }

    /// <summary>
    /// Whether a post (canonical view, no rule evidence) may skip the encoder: it has an English view and that view
    /// scores below <see cref="Threshold"/>. A post without an English view gives the encoder nothing anyway.
    /// </summary>
    internal bool Clears(string canonicalText) =>
        LanguageDetector.Analyze(canonicalText).View(LanguageRoutingClassifier.English) is { } view && Score(view.Text) < Threshold;

    /// <summary>
    /// What the models say about a cleared post: the Arabic model's scores of its Arabic view, if any, and coverage
    /// with English marked screened.
    /// </summary>
    internal ModelScores ReadCleared(string canonicalText)
    {
        ModelScores scores;
        if (_withoutEnglish is not null)
        {
            // Without an English model the router only runs the Arabic model: synchronous, so this completes at once.
            var task = _withoutEnglish.ClassifyAsync([canonicalText], CancellationToken.None);
            scores = task.IsCompletedSuccessfully ? task.Result[0] : task.AsTask().GetAwaiter().GetResult()[0];
        }
        else
        {
            var languages = LanguageDetector.Analyze(canonicalText).Languages;
            scores = new ModelScores(new Dictionary<string, double>(), []) { Coverage = languages.Select(l => new LanguageCoverage(l, false)).ToList() };
        }

        var coverage = scores.Coverage!.Select(c => c.Language == LanguageRoutingClassifier.English ? c with { Model = false, Screened = true } : c).ToList();
        return scores with { Coverage = coverage };
    }
}
