using ModerationApi.Engine.Classifier;

namespace ModerationApi.UnitTests.Classifier;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void SplitsAfterTerminatorsFollowedByWhitespace() =>
        Assert.Equal([new(0, 4), new(5, 9), new(10, 16)], SentenceSplitter.Split("One. Two! Three?"));

    [Fact]
    public void KeepsDecimalsAndDomainsInsideTheSentence() =>
        Assert.Equal([new(0, 33)], SentenceSplitter.Split("Pi is 3.14 and example.com works."));

    [Fact]
    public void SplitsAtLineBreaksAndSkipsBlankLines() =>
        Assert.Equal([new(0, 8), new(9, 17), new(21, 31)], SentenceSplitter.Split("Line one\nLine two\r\n\r\nLine three"));

    [Fact]
    public void TrimsSurroundingWhitespace() =>
        Assert.Equal([new(2, 8)], SentenceSplitter.Split("  Hello.  "));

    [Fact]
    public void WhitespaceOnlyTextHasNoSentences() =>
        Assert.Empty(SentenceSplitter.Split(" \t\n "));

    [Fact]
    public void TerminatorWithoutFollowingSpaceDoesNotSplit() =>
        Assert.Equal([new(0, 6)], SentenceSplitter.Split("Hi!Bye"));

    [Fact]
    public void ClosingQuoteStaysWithItsSentence() =>
        Assert.Equal(["He said \"Stop!\"", "Then left."], Texts("He said \"Stop!\" Then left."));

    [Fact]
    public void RunsOfTerminatorsEndOneSentence() =>
        Assert.Equal(["Wait...", "What?!", "Really"], Texts("Wait... What?! Really"));

    [Fact]
    public void ArabicQuestionMarkEndsASentence() =>
        Assert.Equal(["هل أنت بخير؟", "الحمد لله"], Texts("هل أنت بخير؟ الحمد لله"));

    private static string[] Texts(string text) => [.. SentenceSplitter.Split(text).Select(span => span.Slice(text))];
}
