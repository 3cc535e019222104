using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class LogisticHeadsTests
{
    [Fact]
    public void ScoreIsTheSigmoidOfEachHeadsAffineFunction()
    {
        // Two heads over 5-d inputs: w0 = (1, 0, -1, 0, 2), b0 = 0.5; w1 = (0, 1, 0, 1, 0), b1 = -1.
        var heads = new LogisticHeads(["a", "b"], 5, [1, 0, -1, 0, 2, 0, 1, 0, 1, 0], [0.5f, -1f]);
        float[] rows = [1, 2, 3, 4, 5, /* second row */ 0, 0, 0, 0, 0];
        var scores = new float[4];

        heads.Score(rows, 2, scores);

        // Row 1: z0 = 1 - 3 + 10 + 0.5 = 8.5; z1 = 2 + 4 - 1 = 5. Row 2: z = bias.
        Assert.Equal(1 / (1 + Math.Exp(-8.5)), scores[0], 1e-6);
        Assert.Equal(1 / (1 + Math.Exp(-5.0)), scores[1], 1e-6);
        Assert.Equal(1 / (1 + Math.Exp(-0.5)), scores[2], 1e-6);
        Assert.Equal(1 / (1 + Math.Exp(1.0)), scores[3], 1e-6);
    }

    [Fact]
    public void VeryNegativeLogitsScoreZeroRatherThanNaN()
    {
        var heads = new LogisticHeads(["a"], 1, [1f], [0f]);
        var scores = new float[2];

        heads.Score([-1000f, 1000f], 2, scores);

        Assert.Equal(0f, scores[0]);
        Assert.Equal(1f, scores[1]);
    }

    [Fact]
    public void WeightsOfTheWrongShapeAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new LogisticHeads(["a", "b"], 3, new float[5], new float[2]));
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData(" a")]
    [InlineData("")]
    public void LabelsThatCannotRoundTripThroughMetadataAreRejected(string label)
    {
        Assert.Throws<ArgumentException>(() => new LogisticHeads([label], 1, [0f], [0f]));
    }

    [Fact]
    public void DuplicateLabelsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new LogisticHeads(["a", "a"], 1, [0f, 0f], [0f, 0f]));
    }
}
