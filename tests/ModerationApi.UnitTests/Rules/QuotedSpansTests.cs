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
    [InlineData("sie riefen \u201Ebleibt und breitet sich aus\u201C auf der Demo", "bleibt und breitet sich aus")]
    [InlineData("he said \"they call it 'the blessed raid' now\" and left", "they call it 'the blessed raid' now")]
    [InlineData("send \u2019em to 'the usual channel' today", "the usual channel")]
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
    public void AHitThatStraddlesAQuotationMarkIsNotQuoted()
    {
        const string text = "the 'soldiers of the' caliphate";
        var spans = QuotedSpans.Find(text);
        var start = text.IndexOf("soldiers", StringComparison.Ordinal);

        Assert.Single(spans);
        Assert.False(QuotedSpans.Contains(spans, start, text.Length));
        Assert.True(QuotedSpans.Contains(spans, start, start + "soldiers".Length));
    }

    [Fact]
    public void ContainsFindsTheRightSpanAmongThousands()
    {
        var text = string.Concat(Enumerable.Repeat("a 'bc' d ", 3000));
        var spans = QuotedSpans.Find(text);

        Assert.Equal(3000, spans.Count);
        var last = spans[^1];
        Assert.True(QuotedSpans.Contains(spans, last.Start, last.End));
        Assert.False(QuotedSpans.Contains(spans, last.Start - 2, last.End));
        Assert.False(QuotedSpans.Contains(spans, 0, 1));
        Assert.True(QuotedSpans.Contains(spans, spans[1500].Start + 1, spans[1500].End));
    }

    [Theory]
    [InlineData("no marks at all here", false)]
    [InlineData("a \u201Cquote\u201D here", true)]
    [InlineData("it's an apostrophe", true)]
    public void MayQuoteLooksForAnyMark(string text, bool expected)
    {
        Assert.Equal(expected, QuotedSpans.MayQuote(text));
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
