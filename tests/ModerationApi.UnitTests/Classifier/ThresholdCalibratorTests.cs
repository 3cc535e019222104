using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class ThresholdCalibratorTests
{
    private static readonly float[] TenNegatives = [0.05f, 0.15f, 0.25f, 0.35f, 0.45f, 0.55f, 0.65f, 0.75f, 0.85f, 0.95f];

    [Fact]
    public void PicksTheLowestThresholdWhoseFalsePositiveRateIsWithinBudget()
    {
        // Budget 10 % of 10 negatives = 1 false positive: the threshold must sit just above the second-highest
        // negative (0.85), letting only 0.95 through. 0.85 itself would let two through.
        var result = ThresholdCalibrator.Calibrate([0.9f, 0.86f, 0.5f], TenNegatives, 0.1);

        Assert.Equal(float.BitIncrement(0.85f), result.Threshold);
        Assert.Equal(0.1, result.FalsePositiveRate);
        Assert.Equal(2.0 / 3.0, result.Recall, 1e-12);
        Assert.Null(result.BindingGroup);
    }

    [Fact]
    public void AZeroBudgetPutsTheThresholdAboveEveryNegative()
    {
        var result = ThresholdCalibrator.Calibrate([], TenNegatives, 0.0);

        Assert.Equal(float.BitIncrement(0.95f), result.Threshold);
        Assert.Equal(0.0, result.FalsePositiveRate);
        Assert.True(double.IsNaN(result.Recall));
    }

    [Fact]
    public void NegativesTiedAtTheCutAreAllKeptBelowIt()
    {
        // 2 false positives allowed out of 10; the 2nd and 3rd highest tie at 0.8, so only 0.9 may pass.
        float[] negatives = [0.9f, 0.8f, 0.8f, 0.8f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f];

        var result = ThresholdCalibrator.Calibrate([], negatives, 0.2);

        Assert.Equal(float.BitIncrement(0.8f), result.Threshold);
        Assert.Equal(0.1, result.FalsePositiveRate);
    }

    [Fact]
    public void ABudgetThatIsAWholeNumberOfNegativesIsNotRoundedDown()
    {
        // 0.29 × 100 is 28.999999999999996 in binary floating point, but 29 negatives are allowed: the cut is above
        // the 30th highest of 0.01 … 1.00, which is 0.71.
        var negatives = Enumerable.Range(1, 100).Select(i => i / 100f).ToArray();

        var result = ThresholdCalibrator.Calibrate([], negatives, 0.29);

        Assert.Equal(float.BitIncrement(71 / 100f), result.Threshold);
        Assert.Equal(0.29, result.FalsePositiveRate);
    }

    [Fact]
    public void WithGroupsTheHighestPerGroupThresholdWins()
    {
        // Budget 25 %: each group of 4 may let 1 negative through. Forum A's cut is above 0.3, forum B's above 0.7;
        // the max is taken so forum B stays within budget. Pooled, 2 of 8 could pass and the cut would drop to
        // just above 0.6, flagging half of forum B.
        float[] negatives = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.95f];
        string[] groups = ["forumA", "forumA", "forumA", "forumA", "forumB", "forumB", "forumB", "forumB"];

        var grouped = ThresholdCalibrator.Calibrate([0.8f, 0.65f], negatives, groups, 0.25);
        var pooled = ThresholdCalibrator.Calibrate([0.8f, 0.65f], negatives, 0.25);

        Assert.Equal(float.BitIncrement(0.7f), grouped.Threshold);
        Assert.Equal("forumB", grouped.BindingGroup);
        Assert.Equal(1.0 / 8.0, grouped.FalsePositiveRate);
        Assert.Equal(0.5, grouped.Recall);
        Assert.Equal(float.BitIncrement(0.6f), pooled.Threshold);
    }

    [Fact]
    public void AGroupWithFewNegativesMayNotPassAnyOfThem()
    {
        // 200 clean negatives allow one through at 0.5 %; a 3-negative source allows none, so its top score binds.
        var negatives = Enumerable.Range(0, 200).Select(i => i / 1000f).Concat([0.3f, 0.6f, 0.4f]).ToArray();
        var groups = Enumerable.Repeat("news", 200).Concat(["fringe", "fringe", "fringe"]).ToArray();

        var result = ThresholdCalibrator.Calibrate([], negatives, groups, 0.005);

        Assert.Equal(float.BitIncrement(0.6f), result.Threshold);
        Assert.Equal("fringe", result.BindingGroup);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void ABudgetOutsideZeroToOneIsRejected(double budget)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdCalibrator.Calibrate([], TenNegatives, budget));
    }

    [Fact]
    public void NaNScoresAndMissingNegativesAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([float.NaN], TenNegatives, 0.1));
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([0.5f], [], 0.1));
        Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([], TenNegatives, ["a"], 0.1));
    }
}
