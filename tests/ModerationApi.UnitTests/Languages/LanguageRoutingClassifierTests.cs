using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Languages;

public sealed class LanguageRoutingClassifierTests
{
    private const string English = "Join the ranks of the caliphate, brothers, the victory is near.";
    private const string Arabic = "الدولة الإسلامية باقية وتتمدد، انفروا خفافا وثقالا";

    [Fact]
    public async Task MixedPostGetsWindowsFromBothModelsInTheTextAsSent()
    {
        var english = new RecordingEnglish();
        var router = new LanguageRoutingClassifier(english, new ArabicTextClassifier(AlwaysFlaggingArabicModel()));
        var text = English + "\n" + Arabic;

        var result = Assert.Single(await router.ClassifyAsync([text], CancellationToken.None));

        Assert.Equal([English], english.Seen.Select(s => s.Trim()));
        var windows = result.Windows.Where(w => w.Label == Labels.ExtremistPropaganda).ToList();
        Assert.Contains(windows, w => text[w.Start..w.End].Trim() == English);
        Assert.Contains(windows, w => text[w.Start..w.End].Trim() == Arabic);
        // The higher of the two: the Arabic window's sigmoid(2.2) = 0.9002 over a 0.5 threshold is 0.6 + 0.4 × 0.8005.
        Assert.Equal(0.920, result.Scores[Labels.ExtremistPropaganda], 3);
    }

    [Fact]
    public async Task CoverageSaysWhichLanguagesAModelRead()
    {
        var router = new LanguageRoutingClassifier(new RecordingEnglish(), new ArabicTextClassifier(AlwaysFlaggingArabicModel()));
        string[] texts =
        [
            English,
            Arabic,
            "Rejoignez nos frères, la victoire est proche et nous ne reculerons pas devant les ennemis.",
        ];

        var results = await router.ClassifyAsync(texts, CancellationToken.None);

        Assert.Equal([new("en", true)], results[0].Coverage!);
        Assert.Equal([new("ar", true)], results[1].Coverage!);
        Assert.Equal([new("fr", false)], results[2].Coverage!);
        Assert.Empty(results[2].Scores);
    }

    [Fact]
    public async Task WithoutTheArabicModelArabicIsReportedAsReadByRulesOnly()
    {
        var router = new LanguageRoutingClassifier(new RecordingEnglish(), null);

        var result = Assert.Single(await router.ClassifyAsync([Arabic], CancellationToken.None));

        Assert.Equal([new("ar", false)], result.Coverage!);
    }

    [Fact]
    public async Task FillerPaddingDoesNotChangeWhatTheEnglishModelReads()
    {
        var english = new RecordingEnglish();
        var router = new LanguageRoutingClassifier(english, null);

        var results = await router.ClassifyAsync([English, English + " " + new string('\u3164', 85)], CancellationToken.None);

        Assert.Equal(english.Seen[0], english.Seen[1].TrimEnd());
        Assert.Equal(results[0].Scores[Labels.ExtremistPropaganda], results[1].Scores[Labels.ExtremistPropaganda]);
    }

    // Bias 2.2 and no weights: every window scores sigmoid(2.2) ≈ 0.90 against a threshold of 0.5.
    private static HashedNgramModel AlwaysFlaggingArabicModel() =>
        new(HashedModelFormat.Arabic, 12, [Labels.ExtremistPropaganda, Labels.TerroristFinancing], [0.5f, 0.99f], [2.2f, 0f], [new float[4096], new float[4096]]);

    /// <summary>An English model that records what it was given and scores 0.9 when the text says "caliphate".</summary>
    private sealed class RecordingEnglish : ITextClassifier
    {
        public List<string> Seen { get; } = [];

        public string Version => "fake-english";

        public ValueTask<IReadOnlyList<ModelScores>> ClassifyAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Seen.AddRange(texts);
            var results = texts.Select(t =>
            {
                var score = t.Contains("caliphate", StringComparison.Ordinal) ? 0.9 : 0.1;
                var scores = new Dictionary<string, double> { [Labels.ExtremistPropaganda] = score };
                return new ModelScores(scores, [new ModelWindow(Labels.ExtremistPropaganda, 0, t.TrimEnd().Length, score)]);
            }).ToList();
            return ValueTask.FromResult<IReadOnlyList<ModelScores>>(results);
        }
    }
}
