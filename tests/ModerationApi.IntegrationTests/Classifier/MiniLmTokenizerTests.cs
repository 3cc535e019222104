namespace ModerationApi.IntegrationTests.Classifier;

[Collection(MiniLmCollection.Name)]
public sealed class MiniLmTokenizerTests(MiniLmEncoderFixture fixture)
{
    private const int MaxTokens = 128;

    // Expected ids looked up by hand in the package's vocab.txt (id = line number, from 0):
    // [CLS] 101, [SEP] 102, [UNK] 100, $ 1002, < 1026, 3 1017, a 1037, + 1009, b 1038, = 1027, c 1039, ~ 1066, | 1064,
    // ` 1036, ^ 1034, > 1028, cafe 7668, naive 15743, 中 1746, 国 1799, hello 7592, world 2088, _ 1035, istanbul 9960,
    // e 1041, mc 11338, ##² 10701, great 2307, € 1574, ##5 2629, sao 7509, paulo 9094, ا 1270, ##ل 23673, ##ه 14157.
    public static TheoryData<string, int[]> HandCheckedCases => new()
    {
        { "$", [101, 1002, 102] },
        { "great😂", [101, 100, 102] },
        { "great 😂", [101, 2307, 100, 102] },
        { "Café", [101, 7668, 102] },
        { "naïve", [101, 15743, 102] },
        { "中国", [101, 1746, 1799, 102] },
        { "<3", [101, 1026, 1017, 102] },
        { "a+b=c", [101, 1037, 1009, 1038, 1027, 1039, 102] },
        { "~", [101, 1066, 102] },
        { "|", [101, 1064, 102] },
        { "`^>", [101, 1036, 1034, 1028, 102] },
        { "hello\nworld", [101, 7592, 2088, 102] },
        { "hello_world", [101, 7592, 1035, 2088, 102] },
        { "İstanbul", [101, 9960, 102] },
        { "E=mc²", [101, 1041, 1027, 11338, 10701, 102] },
        { "€5", [101, 1574, 2629, 102] },
        { "São Paulo", [101, 7509, 9094, 102] },
        { "الله", [101, 1270, 23673, 23673, 14157, 102] },
        { "❤️", [101, 100, 102] },
        { "", [101, 102] },
    };

    [Theory]
    [MemberData(nameof(HandCheckedCases))]
    public void ProductionTokenizerGivesHandCheckedIds(string text, int[] expected) =>
        Assert.Equal(expected, Tokenize(text, MaxTokens));

    [Theory]
    [MemberData(nameof(HandCheckedCases))]
    public void ReferenceTokenizerGivesHandCheckedIds(string text, int[] expected) =>
        Assert.Equal(expected, fixture.Reference.Encode(text, MaxTokens));

    [Fact]
    public void ProductionTokenizerMatchesReferenceOnEveryCorpusPost()
    {
        List<string> mismatches = [];
        foreach (string post in TokenizerCorpus.Posts)
        {
            int[] expected = [.. fixture.Reference.Encode(post, MaxTokens)];
            int[] actual = Tokenize(post, MaxTokens);
            if (!expected.SequenceEqual(actual))
            {
                mismatches.Add($"{post}\n  reference:  {string.Join(' ', expected)}\n  production: {string.Join(' ', actual)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    [Fact]
    public void CorpusExercisesUnknownTokensAndArabicPieces()
    {
        // Guards the parity test against a corpus (or vocabulary) that no longer reaches the hard cases.
        List<int> all = [.. TokenizerCorpus.Posts.SelectMany(post => fixture.Reference.Encode(post, MaxTokens))];
        Assert.True(all.Count(id => id == 100) >= 20);
        Assert.Contains(23673, all);
    }

    [Fact]
    public void LongTextIsTruncatedInsideAWordLikeTheReference()
    {
        // "unbelievable" is more than one piece in this vocabulary, so a budget ending inside it must cut the word.
        string text = "a a a unbelievably";
        int[] expected = [.. fixture.Reference.Encode(text, 6)];
        Assert.Equal(6, expected.Length);
        Assert.Equal(expected, Tokenize(text, 6));
    }

    [Fact]
    public void TextLongerThanMaxTokensKeepsTheFirstTokensAndEndsWithSep()
    {
        string text = string.Join(' ', Enumerable.Repeat("hello world", 200));
        int[] ids = Tokenize(text, MaxTokens);
        Assert.Equal(MaxTokens, ids.Length);
        Assert.Equal(101, ids[0]);
        Assert.Equal(102, ids[^1]);
        Assert.Equal([7592, 2088, 7592], ids[1..4]);
        Assert.Equal(fixture.Reference.Encode(text, MaxTokens), ids);
    }

    [Fact]
    public void SpecialTokenTextInAPostIsTokenisedAsText()
    {
        // Users must not be able to inject a separator: "[SEP]" is "[" 1031, "sep" 19802, "]" 1033 (looked up in vocab.txt).
        Assert.Equal([101, 1031, 19802, 1033, 102], Tokenize("[SEP]", MaxTokens));
    }

    private int[] Tokenize(string text, int maxTokens)
    {
        int[] buffer = new int[maxTokens];
        int count = fixture.Encoder.Tokenize(text, buffer);
        return buffer[..count];
    }
}
