using ModerationApi.Cli;

namespace ModerationApi.UnitTests.Training;

public sealed class CalibrationPoolTests
{
    // 200 news rows, 100 everyday tweets with one high scorer, 100 forum noHate sentences with three higher ones.
    private static readonly (List<float> Scores, List<string> Sources) Negatives = Build();

    [Fact]
    public void PoolingEveryNegativeLetsTheForumSetTheThreshold()
    {
        var calibration = TrainCalibration.Calibrate("all", [0.99f], Negatives.Scores, Negatives.Sources);

        // 400 negatives at 0.5% allow two above the threshold: the third forum sentence at 0.95 must fall below it.
        Assert.Equal(float.BitIncrement(0.95f), calibration.Threshold);
    }

    [Fact]
    public void LeavingTheForumOutOfThePoolIgnoresItsSentences()
    {
        var calibration = TrainCalibration.Calibrate("no-forum", [0.99f, 0.5f], Negatives.Scores, Negatives.Sources);

        // 300 negatives allow one (the tweet at 0.8); the forum's 0.95s are not counted.
        Assert.Equal(float.BitIncrement(0.1f), calibration.Threshold);
        Assert.Equal(1.0, calibration.Recall);
    }

    [Fact]
    public void PerSourceBudgetsTakeTheStrictestSourceAndIgnoreTheForum()
    {
        var calibration = TrainCalibration.Calibrate("per-source", [0.99f, 0.5f], Negatives.Scores, Negatives.Sources);

        // 0.5% of 100 tweets is no row at all, so the threshold must clear the tweet at 0.8.
        Assert.Equal(float.BitIncrement(0.8f), calibration.Threshold);
        Assert.Equal("general_tweets", calibration.BindingGroup);
        Assert.Equal(0.5, calibration.Recall);
        Assert.Equal(0.0, calibration.FalsePositiveRate);
    }

    private static (List<float> Scores, List<string> Sources) Build()
    {
        var scores = new List<float>();
        var sources = new List<string>();
        void Add(string source, float score, int count)
        {
            scores.AddRange(Enumerable.Repeat(score, count));
            sources.AddRange(Enumerable.Repeat(source, count));
        }

        Add("news", 0.1f, 200);
        Add("general_tweets", 0.8f, 1);
        Add("general_tweets", 0.1f, 99);
        Add("stormfront_nohate", 0.95f, 3);
        Add("stormfront_nohate", 0.1f, 97);
        return (scores, sources);
    }
}
