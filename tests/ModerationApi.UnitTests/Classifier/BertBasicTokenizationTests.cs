using ModerationApi.Engine.Classifier;

namespace ModerationApi.UnitTests.Classifier;

public sealed class BertBasicTokenizationTests
{
    [Theory]
    [InlineData("Héllo\tWORLD\n", "hello world ")]
    [InlineData("a\u200Bb\u0000c\uFFFDd\u0007", "abcd")]
    [InlineData("中国", " 中  国 ")]
    [InlineData("İstanbul", "istanbul")]
    [InlineData("line\u2028break", "line break")]
    public void NormalizerCleansSpacesCjkStripsAccentsAndLowerCases(string text, string expected) =>
        Assert.Equal(expected, BertBasicNormalizer.Instance.Normalize(text));

    [Theory]
    [InlineData("a+b $5", new[] { "a", "+", "b", "$", "5" })]
    [InlineData("great😂 ok", new[] { "great😂", "ok" })]
    [InlineData("hello_world", new[] { "hello", "_", "world" })]
    [InlineData("«quoted»—dash", new[] { "«", "quoted", "»", "—", "dash" })]
    public void PreTokenizerSplitsAtWhitespaceAndIsolatesPunctuation(string text, string[] expected) =>
        Assert.Equal(expected, BertBasicPreTokenizer.Instance.PreTokenize(text).Select(w => text.Substring(w.Offset, w.Length)));
}
