using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Classifier.Arabic;

/// <summary>
/// Scores the Arabic view of a post with the <see cref="HashedNgramModel"/>: the view is cut into windows of at most
/// <see cref="MaxWordsPerWindow"/> words along sentence boundaries, each window is scored, and window scores become
/// a post score as for the English model (mean of the top third, mapped so the calibrated threshold lands on the
/// policy's review threshold). Windows at or above the threshold become evidence.
/// </summary>
public sealed class ArabicTextClassifier
{
    /// <summary>The longest window, in words (the model was trained on tweets of up to ~60 words).</summary>
    public const int MaxWordsPerWindow = 64;

    private const int EvidenceWindowsPerLabel = 2;
    private readonly HashedNgramModel _model;

    /// <summary>Wraps a loaded model.</summary>
    internal ArabicTextClassifier(HashedNgramModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
    }

    /// <summary>The model's version.</summary>
    public string Version => _model.Version;

    /// <summary>The labels the model scores.</summary>
    public IReadOnlyList<string> Labels => _model.Labels;

    /// <summary>
    /// Scores a view: per label the post score on the policy scale, and the evidence windows in the coordinates of
    /// the text the view was cut from.
    /// </summary>
    internal (Dictionary<string, double> Scores, List<ModelWindow> Windows) Score(LanguageView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var labels = _model.Labels;
        var windows = SentenceWindows.Build(view.Text, MaxWordsPerWindow, WordCounter.Instance);
        var scores = new float[windows.Count * labels.Count];
        for (var w = 0; w < windows.Count; w++)
        {
            _model.Score(view.Text.AsSpan(windows[w].Start, windows[w].Length), scores.AsSpan(w * labels.Count, labels.Count));
        }

        var postScores = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
        var evidence = new List<ModelWindow>();
        Span<float> column = windows.Count <= 64 ? stackalloc float[windows.Count] : new float[windows.Count];
        for (var l = 0; l < labels.Count; l++)
        {
            for (var w = 0; w < windows.Count; w++)
            {
                column[w] = scores[(w * labels.Count) + l];
            }

            var threshold = _model.Thresholds[l];
            postScores[labels[l]] = windows.Count == 0 ? 0 : OnnxTextClassifier.ToPolicyScale(OnnxTextClassifier.TopThirdMean(column), threshold);
            for (var k = 0; k < EvidenceWindowsPerLabel; k++)
            {
                var best = -1;
                for (var w = 0; w < windows.Count; w++)
                {
                    if (column[w] >= threshold && (best < 0 || column[w] > column[best]))
                    {
                        best = w;
                    }
                }

                if (best < 0)
                {
                    break;
                }

                var (start, end) = view.ToSource(windows[best].Start, windows[best].End);
                evidence.Add(new ModelWindow(labels[l], start, end, Math.Round(OnnxTextClassifier.ToPolicyScale(column[best], threshold), 4)));
                column[best] = float.NegativeInfinity;
            }
        }

        return (postScores, evidence);
    }

    /// <summary>Raw probabilities of one text taken as one window (evaluation uses this).</summary>
    public void ScoreWindow(ReadOnlySpan<char> text, Span<float> probabilities, bool stripHashtags = false) =>
        _model.Score(text, probabilities, stripHashtags);
}
