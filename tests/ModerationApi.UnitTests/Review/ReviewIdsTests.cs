using ModerationApi.Storage.Review;

namespace ModerationApi.UnitTests.Review;

public sealed class ReviewIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IdsSortByReceiveTimeAndAreUnique()
    {
        var ids = Enumerable.Range(0, 500).Select(i => ReviewIds.New(At.AddMilliseconds(i * 7))).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(ReviewIds.IsValid(id), id));
    }

    [Fact]
    public void TimeBoundsBracketExactlyTheIdsOfTheirMillisecond()
    {
        var id = ReviewIds.New(At);

        Assert.True(string.CompareOrdinal(ReviewIds.LowerBound(At), id) <= 0);
        Assert.True(string.CompareOrdinal(ReviewIds.UpperBoundExclusive(At), id) > 0);
        Assert.True(string.CompareOrdinal(ReviewIds.LowerBound(At.AddTicks(1)), id) > 0);
        Assert.True(string.CompareOrdinal(ReviewIds.UpperBoundExclusive(At.AddMilliseconds(-1)), id) <= 0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("r_")]
    [InlineData("x_01KJMMA2G019XWCBH0JKSF4MPR")]
    [InlineData("r_01KJMMA2G019XWCBH0JKSF4MPU")]
    [InlineData("r_01kjmma2g019xwcbh0jksf4mpr")]
    public void MalformedIdsAreRejected(string id) => Assert.False(ReviewIds.IsValid(id));
}
