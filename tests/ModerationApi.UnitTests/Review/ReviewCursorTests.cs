using ModerationApi.Engine.Policy;
using ModerationApi.Storage.Review;

namespace ModerationApi.UnitTests.Review;

public sealed class ReviewCursorTests
{
    private static ReviewSummary Summary(double score) =>
        new(ReviewIds.New(DateTimeOffset.UnixEpoch.AddDays(20000)), DateTimeOffset.UnixEpoch, ReviewStatus.Pending, ModerationAction.Review, Labels.ExtremistPropaganda, score, "k", null, "p", 1);

    [Theory]
    [InlineData(ReviewSort.Newest)]
    [InlineData(ReviewSort.Score)]
    public void CursorsRoundTripThroughTheirOpaqueForm(ReviewSort sort)
    {
        var cursor = ReviewCursor.After(sort, Summary(0.8125));

        Assert.True(ReviewCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Fact]
    public void ScoreKeysOrderLikeScoresThenIds()
    {
        var keys = new[] { 0.0, 0.05, 0.5, 0.97, 1.0 }.Select(s => ReviewCursor.KeyOf(ReviewSort.Score, "r_same", s)).ToList();

        Assert.Equal(keys, keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("bnxub3QtYW4taWQ")]
    [InlineData("c3wwOTcwMDAwOnJfMDFLSk1NQTJHMDE5WFdDQkgwSktTRjRNUA")]
    public void ForeignCursorsAreRejected(string value)
    {
        // The last one is "s|0970000:r_..." with an id one character short.
        Assert.False(ReviewCursor.TryDecode(value, out _));
    }
}
