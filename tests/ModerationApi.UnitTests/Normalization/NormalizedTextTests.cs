using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.Normalization;

public sealed class NormalizedTextTests
{
    private readonly NormalizedText _result = new TextNormalizer().Fold("da\u200Besh");

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(2, 2, 3)]
    [InlineData(5, 5, 6)]
    public void An_empty_span_maps_to_an_empty_span_before_the_next_char(int start, int end, int expected) =>
        Assert.Equal((expected, expected), _result.MapToOriginal(start, end));

    [Fact]
    public void An_empty_span_has_no_transforms() =>
        Assert.Equal(TextTransforms.None, _result.TransformsIn(3, 3));

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(0, 6)]
    [InlineData(3, 2)]
    public void A_span_outside_the_text_is_rejected(int start, int end)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _result.MapToOriginal(start, end));
        Assert.Throws<ArgumentOutOfRangeException>(() => _result.TransformsIn(start, end));
    }

    [Fact]
    public void Null_text_is_rejected()
    {
        var normalizer = new TextNormalizer();

        Assert.Throws<ArgumentNullException>(() => normalizer.Fold(null!));
        Assert.Throws<ArgumentNullException>(() => normalizer.Canonicalize(null!));
    }
}
