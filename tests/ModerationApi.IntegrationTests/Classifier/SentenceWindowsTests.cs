using ModerationApi.Engine.Classifier;

namespace ModerationApi.IntegrationTests.Classifier;

[Collection(MiniLmCollection.Name)]
public sealed class SentenceWindowsTests(MiniLmEncoderFixture fixture)
{
    [Fact]
    public void LongPostIsSplitIntoWindowsThatFitWithoutTruncation()
    {
        string sentence = "The group published a long statement about its finances and its plans for the coming year. ";
        string post = string.Concat(Enumerable.Repeat(sentence, 30)) + "\nاللهم انصر إخواننا؟ Final line!";
        IReadOnlyList<TextWindow> windows = fixture.Encoder.SplitIntoWindows(post);

        Assert.True(windows.Count > 1);
        foreach (TextWindow window in windows)
        {
            // Counted with the independent reference tokenizer: content tokens plus [CLS] and [SEP].
            Assert.InRange(fixture.Reference.CountPieces(window.Slice(post)) + 2, 3, fixture.Encoder.MaxTokens);
        }

        AssertCoversAllText(post, windows);
    }

    [Fact]
    public void WindowsEndAtSentenceBoundaries()
    {
        string sentence = "Sentence number one has exactly this many words in it. ";
        string post = string.Concat(Enumerable.Repeat(sentence, 20));
        IReadOnlyList<TextWindow> windows = fixture.Encoder.SplitIntoWindows(post);

        Assert.True(windows.Count > 1);
        Assert.All(windows, window => Assert.EndsWith("in it.", window.Slice(post), StringComparison.Ordinal));
    }

    [Fact]
    public void OverlongSentenceIsCutByTokenCount()
    {
        // One sentence without terminators, far over 126 tokens.
        string post = string.Join(' ', Enumerable.Range(0, 400).Select(i => $"word{i}"));
        IReadOnlyList<TextWindow> windows = fixture.Encoder.SplitIntoWindows(post);

        Assert.True(windows.Count >= 3);
        Assert.All(windows, window =>
            Assert.InRange(fixture.Reference.CountPieces(window.Slice(post)) + 2, 3, fixture.Encoder.MaxTokens));
        AssertCoversAllText(post, windows);
    }

    [Fact]
    public void ShortPostIsOneWindow()
    {
        const string post = "  One. Two! Three?  ";
        Assert.Equal([new TextWindow(2, 18)], fixture.Encoder.SplitIntoWindows(post));
    }

    private static void AssertCoversAllText(string post, IReadOnlyList<TextWindow> windows)
    {
        int previousEnd = 0;
        foreach (TextWindow window in windows)
        {
            Assert.True(window.Start >= previousEnd, "windows overlap or are out of order");
            Assert.True(string.IsNullOrWhiteSpace(post[previousEnd..window.Start]), "text between windows was skipped");
            previousEnd = window.End;
        }

        Assert.True(string.IsNullOrWhiteSpace(post[previousEnd..]), "text after the last window was skipped");
    }
}
