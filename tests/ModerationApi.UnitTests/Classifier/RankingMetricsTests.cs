using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class RankingMetricsTests
{
    [Fact]
    public void RocAucCountsTheShareOfCorrectlyOrderedPairs()
    {
        // Pairs (pos, neg): (0.9, 0.8) ✓ (0.9, 0.6) ✓ (0.7, 0.8) ✗ (0.7, 0.6) ✓ → 3/4.
        Assert.Equal(0.75, RankingMetrics.RocAuc([0.9f, 0.8f, 0.7f, 0.6f], [true, false, true, false]), 1e-12);
    }

    [Fact]
    public void RocAucCountsATiedPairAsHalf()
    {
        // (0.5 vs 0.5) = ½, (0.5 vs 0.3) = 1 → 1.5 / 2.
        Assert.Equal(0.75, RankingMetrics.RocAuc([0.5f, 0.5f, 0.3f], [true, false, false]), 1e-12);
        Assert.Equal(0.5, RankingMetrics.RocAuc([0.2f, 0.2f, 0.2f, 0.2f], [true, false, true, false]), 1e-12);
    }

    [Fact]
    public void RocAucIsOneForAPerfectRankingAndZeroForAReversedOne()
    {
        Assert.Equal(1.0, RankingMetrics.RocAuc([0.1f, 0.9f, 0.8f], [false, true, true]), 1e-12);
        Assert.Equal(0.0, RankingMetrics.RocAuc([0.1f, 0.9f, 0.8f], [true, false, false]), 1e-12);
    }

    [Fact]
    public void AveragePrecisionSumsPrecisionAtEachRecallStep()
    {
        // Recall reaches ½ at 0.9 (precision 1) and 1 at 0.7 (precision ⅔): ½·1 + ½·⅔ = ⅚.
        Assert.Equal(5.0 / 6.0, RankingMetrics.AveragePrecision([0.9f, 0.8f, 0.7f, 0.6f], [true, false, true, false]), 1e-12);
    }

    [Fact]
    public void AveragePrecisionAdmitsTiedScoresTogether()
    {
        // At 0.8 three enter at once: 2 of 3 correct, recall ⅔. At 0.2: precision ¾, recall 1. ⅔·⅔ + ⅓·¾ = 25/36.
        Assert.Equal(25.0 / 36.0, RankingMetrics.AveragePrecision([0.8f, 0.8f, 0.8f, 0.2f], [true, true, false, true]), 1e-12);
        // A positive tied with a negative at the top is only half precise.
        Assert.Equal(0.5, RankingMetrics.AveragePrecision([0.5f, 0.5f, 0.3f], [true, false, false]), 1e-12);
    }

    [Fact]
    public void MetricsDoNotDependOnInputOrder()
    {
        float[] scores = [0.3f, 0.9f, 0.3f, 0.1f, 0.7f, 0.7f];
        bool[] labels = [true, true, false, false, false, true];
        int[] permutation = [4, 0, 5, 2, 1, 3];

        var shuffledScores = permutation.Select(i => scores[i]).ToArray();
        var shuffledLabels = permutation.Select(i => labels[i]).ToArray();

        Assert.Equal(RankingMetrics.RocAuc(scores, labels), RankingMetrics.RocAuc(shuffledScores, shuffledLabels), 1e-12);
        Assert.Equal(RankingMetrics.AveragePrecision(scores, labels), RankingMetrics.AveragePrecision(shuffledScores, shuffledLabels), 1e-12);
    }

    [Fact]
    public void MetricsThatNeedBothClassesRejectOneClassInputs()
    {
        Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0.1f, 0.2f], [true, true]));
        Assert.Throws<ArgumentException>(() => RankingMetrics.AveragePrecision([0.1f, 0.2f], [false, false]));
        Assert.Throws<ArgumentException>(() => RankingMetrics.RocAuc([0.1f], [true, false]));
    }
}
