using ModerationApi.Engine.Classifier;

namespace ModerationApi.UnitTests.Classifier;

public sealed class SentenceWindowsTests
{
    [Fact]
    public void ConsecutiveSentencesShareAWindowWhileTheyFit() =>
        // "a b." and "c d." are 2 words each: together 4, the budget; "e f." opens the next window.
        Assert.Equal([new(0, 9), new(10, 14)], SentenceWindows.Build("a b. c d. e f.", 4, new WordCounter()));

    [Fact]
    public void OverlongSentenceIsCutBetweenWords() =>
        Assert.Equal([new(0, 5), new(6, 11), new(12, 14)], SentenceWindows.Build("w1 w2 w3 w4 w5", 2, new WordCounter()));

    [Fact]
    public void OverlongWordIsCutBetweenCharacters() =>
        Assert.Equal([new(0, 3), new(3, 6), new(6, 7)], SentenceWindows.Build("abcdefg", 3, new Utf16Counter()));

    [Fact]
    public void SurrogatePairsAreNeverSplit() =>
        // Each emoji is two UTF-16 units; a budget of 3 units fits one emoji per window, never one and a half.
        Assert.Equal([new(0, 2), new(2, 4), new(4, 6)], SentenceWindows.Build("😀😀😀", 3, new Utf16Counter()));

    [Fact]
    public void SentenceWithoutTokensJoinsThePreviousWindow() =>
        // "!!!" has no letters (no tokens for this counter): it must not become a window of its own.
        Assert.Equal([new(0, 2), new(2, 7)], SentenceWindows.Build("abc\n!!!", 2, new LetterCounter()));

    [Fact]
    public void ControlCharactersThatTheTokenizerDeletesDoNotSeparateWords() =>
        // The tokenizer deletes a vertical tab, gluing "ab" and "cd" into one 4-letter word: over the budget of 2, it is
        // cut between characters ("ab\v", "cd"), not treated as two words "ab" and "cd".
        Assert.Equal([new(0, 3), new(3, 5), new(6, 8)], SentenceWindows.Build("ab\u000Bcd ef", 2, new LetterCounter()));

    [Fact]
    public void WhitespaceOnlyTextHasNoWindows() =>
        Assert.Empty(SentenceWindows.Build("  \n ", 10, new WordCounter()));

    private sealed class WordCounter : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
    }

    private sealed class Utf16Counter : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => text.ToString().Count(c => !char.IsWhiteSpace(c));
    }

    private sealed class LetterCounter : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => text.ToString().Count(char.IsLetter);
    }
}
