using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// The model stage: splits each post into windows of at most 128 tokens, embeds every window of every post in one
/// length-sorted batch, scores the windows with the trained heads, and turns window scores into a post score.
/// </summary>
/// <remarks>
/// A post's score for a label is the mean of its top third of window scores (at least one window). The maximum would
/// let one quoted sentence flag a long analysis; the mean would let a long post hide an appeal. The result is mapped
/// onto the policy's scale so that the head's calibrated threshold lands on <see cref="PolicyAnchor"/>, the default
/// review threshold. Posts written mostly in a script the English vocabulary cannot read (Arabic) get no model score:
/// the encoder turns them into unknown tokens, and rules cover them instead. Of a very long or dense post the model reads
/// only the windows <see cref="WindowBudget"/> allows, so that one post's model time is bounded; the rules still read it all.
/// </remarks>
public sealed class OnnxTextClassifier : ITextClassifier, IDisposable
{
    /// <summary>The policy score the head's calibrated threshold maps to.</summary>
    public const double PolicyAnchor = 0.6;

    private const int EvidenceWindowsPerLabel = 2;
    private readonly MiniLmEncoder _encoder;
    private readonly Action<IReadOnlyList<string>, float[]> _embed;
    private readonly HeadModel _heads;
    private readonly bool _ownsModels;

    /// <summary>Creates the classifier over a loaded encoder and heads.</summary>
    public OnnxTextClassifier(MiniLmEncoder encoder, HeadModel heads, bool ownsModels = false)
        : this(encoder, heads, ownsModels, null)
    {
    }

    /// <summary>
    /// The same, with the window embeddings taken from <paramref name="embed"/> (texts in, rows of
    /// <see cref="MiniLmEncoder.EmbeddingDimension"/> floats out): offline tools pass a cache of the encoder's outputs here.
    /// </summary>
    internal OnnxTextClassifier(MiniLmEncoder encoder, HeadModel heads, bool ownsModels, Action<IReadOnlyList<string>, float[]>? embed)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(heads);
        if (heads.Dimension != encoder.EmbeddingDimension)
        {
            throw new ArgumentException(
                $"The heads '{heads.Version}' take {heads.Dimension}-float embeddings but the encoder makes "
                + $"{encoder.EmbeddingDimension} ({encoder.Pooling} pooling): heads only work with the pooling they were trained with.",
                nameof(heads));
        }

        HeadPrecision.EnsureMatches(heads, encoder.Precision, encoder.ModelVersion);
        _encoder = encoder;
        _embed = embed ?? ((texts, destination) => encoder.EmbedBatch(texts, destination));
        _heads = heads;
        _ownsModels = ownsModels;
        Version = $"{encoder.ModelVersion}+{heads.Version}";
    }

    /// <inheritdoc />
    public string Version { get; }

    /// <summary>The labels the heads score.</summary>
    public IReadOnlyList<string> Labels => _heads.Labels;

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Classify(texts));
    }

    /// <summary>Scores posts synchronously; the same as <see cref="ClassifyAsync"/>.</summary>
    public IReadOnlyList<ModelScores> Classify(IReadOnlyList<string> texts)
    {
        var windows = new List<TextWindow>[texts.Count];
        var windowTexts = new List<string>();
        for (var i = 0; i < texts.Count; i++)
        {
            windows[i] = ScriptDetector.IsMostlyUnreadable(texts[i]) ? [] : BudgetedWindows(texts[i]).ConvertAll(w => w.Window);
            foreach (var w in windows[i])
            {
                windowTexts.Add(w.Slice(texts[i]));
            }
        }

        var labels = _heads.Labels;
        var scores = WindowScores(windowTexts);
        var results = new ModelScores[texts.Count];
        var offset = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var n = windows[i].Count;
            var postScores = new Dictionary<string, double>(labels.Count, StringComparer.Ordinal);
            var evidence = new List<ModelWindow>();
            for (var l = 0; l < labels.Count; l++)
            {
                if (n == 0)
                {
                    postScores[labels[l]] = 0;
                    continue;
                }

                var column = new float[n];
                for (var w = 0; w < n; w++)
                {
                    column[w] = scores[((offset + w) * labels.Count) + l];
                }

                var threshold = _heads.Thresholds[l];
                postScores[labels[l]] = ToPolicyScale(TopThirdMean(column), threshold);
                foreach (var w in TopWindows(column))
                {
                    if (column[w] >= threshold)
                    {
                        evidence.Add(new ModelWindow(labels[l], windows[i][w].Start, windows[i][w].End, Math.Round(ToPolicyScale(column[w], threshold), 4)));
                    }
                }
            }

            offset += n;
            results[i] = new ModelScores(postScores, evidence);
        }

        return results;
    }

    /// <summary>
    /// The model work of scoring <paramref name="text"/>: the tokens of the windows the model reads (see
    /// <see cref="WindowBudget"/>), [CLS] and [SEP] included; zero when the model does not read the text at all.
    /// </summary>
    public int CostOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ScriptDetector.IsMostlyUnreadable(text))
        {
            return 0;
        }

        var cost = 0;
        foreach (var (_, tokens) in BudgetedWindows(text))
        {
            cost += Math.Min(tokens, _encoder.MaxTokens - 2) + 2;
        }

        return cost;
    }

    private List<(TextWindow Window, int Tokens)> BudgetedWindows(string text) =>
        WindowBudget.Select(text, _encoder.SplitIntoWindows(text), _encoder.TokenCounter);

    /// <summary>Raw head probabilities for each text taken as one window (training and evaluation use this).</summary>
    public float[] WindowScores(IReadOnlyList<string> windowTexts)
    {
        var labels = _heads.Labels.Count;
        var embeddings = new float[windowTexts.Count * _encoder.EmbeddingDimension];
        _embed(windowTexts, embeddings);
        var scores = new float[windowTexts.Count * labels];
        _heads.Score(embeddings, windowTexts.Count, scores);
        return scores;
    }

    /// <summary>Mean of the highest third of the window scores (at least one).</summary>
    public static double TopThirdMean(ReadOnlySpan<float> windowScores)
    {
        if (windowScores.IsEmpty)
        {
            return 0;
        }

        var sorted = windowScores.ToArray();
        Array.Sort(sorted);
        var k = Math.Max(1, (sorted.Length + 2) / 3);
        double sum = 0;
        for (var i = sorted.Length - k; i < sorted.Length; i++)
        {
            sum += sorted[i];
        }

        return sum / k;
    }

    /// <summary>Piecewise-linear map with <paramref name="threshold"/> landing on <see cref="PolicyAnchor"/>.</summary>
    public static double ToPolicyScale(double probability, double threshold)
    {
        probability = Math.Clamp(probability, 0, 1);
        threshold = Math.Clamp(threshold, 1e-6, 1 - 1e-6);
        return probability < threshold
            ? PolicyAnchor * probability / threshold
            : PolicyAnchor + ((1 - PolicyAnchor) * (probability - threshold) / (1 - threshold));
    }

    private static IEnumerable<int> TopWindows(float[] column) =>
        Enumerable.Range(0, column.Length).OrderByDescending(w => column[w]).Take(EvidenceWindowsPerLabel);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsModels)
        {
            _heads.Dispose();
            _encoder.Dispose();
        }
    }
}
