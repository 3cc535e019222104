using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Rules;

public sealed class QuotedSpansTests
{
    [Theory]
    [InlineData("fundraisers used phrases like 'equip a fighter' in 2020", "equip a fighter")]
    [InlineData("they called him a \"soldier of the caliphate\".", "soldier of the caliphate")]
    [InlineData("the channel's line \u201Cyour reward is with Allah\u201D kept coming back", "your reward is with Allah")]
    [InlineData("the slogan \u00ABremaining and expanding\u00BB", "remaining and expanding")]
    [InlineData("If you see 'XMR only, DM for wallet', walk away", "XMR only, DM for wallet")]
    [InlineData("(\u2018the brothers\u2019) was the phrase", "the brothers")]
    public void QuotedTextIsFoundWithoutItsMarks(string text, string quoted)
    {
        var span = Assert.Single(QuotedSpans.Find(text));

        Assert.Equal(quoted, text[span.Start..span.End]);
    }

    [Theory]
    [InlineData("don't send money to the Dawlah's brothers' families")]
    [InlineData("we're done, they're gone, it's over")]
    [InlineData("an unclosed 'quote that never ends")]
    [InlineData("a closing mark only' with nothing open")]
    [InlineData("Send 'em what you can for the mujahideen brothers' families")]
    [InlineData("give 'til it hurts for the sisters' release")]
    [InlineData("back in '19 the brothers' fund was bigger")]
    public void ApostrophesAndStrayMarksQuoteNothing(string text)
    {
        Assert.Empty(QuotedSpans.Find(text));
    }

    [Fact]
    public void AnOpeningMarkLeftOpenPastTheLongestQuoteQuotesNothing()
    {
        var text = "'" + new string('a', QuotedSpans.LongestQuote + 10) + "' end";

        Assert.Empty(QuotedSpans.Find(text));
    }

    [Fact]
    public void TwoQuotesInOneSentenceAreTwoSpans()
    {
        var text = "they chant 'baqiya' and \"tatamadad\" at rallies";

        var spans = QuotedSpans.Find(text);

        Assert.Equal(["baqiya", "tatamadad"], spans.Select(s => text[s.Start..s.End]));
        Assert.True(QuotedSpans.Contains(spans, spans[1].Start, spans[1].End));
        Assert.False(QuotedSpans.Contains(spans, 0, 4));
    }
}
