using ModerationApi.Training;

namespace ModerationApi.UnitTests.Training;

public sealed class EncoderSpeedComparisonTests
{
    [Fact]
    public void MedianOfAnOddCountIsTheMiddleValue()
    {
        Assert.Equal(1.02, EncoderSpeedComparison.Median([1.10, 0.95, 1.02]), 12);
    }

    [Fact]
    public void MedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues()
    {
        Assert.Equal(1.00, EncoderSpeedComparison.Median([1.20, 0.90, 0.98, 1.02]), 12);
    }

    [Fact]
    public void MedianOfNothingIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EncoderSpeedComparison.Median([]));
    }
}
