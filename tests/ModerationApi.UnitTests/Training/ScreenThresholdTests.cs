using ModerationApi.Cli;
using ModerationApi.Cli.Screen;
using ModerationApi.Engine.Classifier.Hashed;

namespace ModerationApi.UnitTests.Training;

/// <summary>How <c>train-screen</c> sets the clearing threshold on held-out rows, and the features it trains on.</summary>
public sealed class ScreenThresholdTests
{
    [Fact]
    public void WithoutAMissBudgetTheThresholdIsTheLowestScoreWhereTheEncoderMatters()
    {
        var (rows, scores) = Rows((0.05f, false), (0.30f, true), (0.20f, false), (0.70f, true), (0.90f, true), (0.01f, false));

        var threshold = TrainScreenCommand.Threshold(rows, scores, missBudget: 0);

        // Clearing means scoring below the threshold: no row where the encoder matters is below 0.30.
        Assert.Equal(0.30f, threshold);
        Assert.DoesNotContain(rows.Select((r, i) => (r, i)), x => x.r.Target && scores[x.i] < threshold);
    }

    [Fact]
    public void MissBudgetAllowsThatShareOfTheRowsWhereTheEncoderMattersToBeCleared()
    {
        var (rows, scores) = Rows((0.10f, true), (0.20f, true), (0.30f, true), (0.40f, true), (0.05f, false));

        // A quarter of four positives: one may be missed, so the threshold moves up to the second lowest.
        Assert.Equal(0.20f, TrainScreenCommand.Threshold(rows, scores, missBudget: 0.25));
        Assert.Equal(0.10f, TrainScreenCommand.Threshold(rows, scores, missBudget: 0.2));
    }

    [Fact]
    public void HeldOutRowsWithoutAnyPositiveCannotSetAThreshold()
    {
        var (rows, scores) = Rows((0.10f, false), (0.20f, false));

        Assert.Throws<InvalidDataException>(() => TrainScreenCommand.Threshold(rows, scores, missBudget: 0));
    }

    [Fact]
    public void EnglishFeaturesIgnoreCaseLinksAndMentions()
    {
        Assert.Equal(Features("donate now to the appeal"), Features("DONATE Now to the Appeal https://t.co/x1 @someone"));
        Assert.NotEqual(Features("donate now to the appeal"), Features("donate later to the appeal"));
    }

    private static int[] Features(string text)
    {
        var buffer = new int[HashedNgramFeatures.MaxFeatures(text.Length)];
        var n = HashedNgramFeatures.Extract(text, false, (1 << 12) - 1, buffer);
        return buffer[..n];
    }

    private static (List<ScreenTrainingRow> Rows, List<float> Scores) Rows(params (float Score, bool Target)[] rows)
    {
        var post = new LabelledPost("1", string.Empty, "benign", "test", "en", "test:1", new Dictionary<string, string>());
        return (rows.Select(r => new ScreenTrainingRow(post, [], r.Target ? 1 : 0, r.Target, HeldOut: true)).ToList(), rows.Select(r => r.Score).ToList());
    }
}
