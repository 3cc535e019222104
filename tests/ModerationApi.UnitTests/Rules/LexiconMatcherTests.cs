using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Rules;

public sealed class LexiconMatcherTests
{
    [Fact]
    public void FindsEveryOccurrenceOfOverlappingPatterns()
    {
        var matcher = new LexiconMatcher(["he", "she", "his", "hers"]);

        var found = Matches(matcher, "ushers");

        Assert.Equal([(1, 1, 4), (0, 2, 4), (3, 2, 6)], found);
    }

    [Fact]
    public void HyphensUnderscoresAndSpacesAreTheSameSeparator()
    {
        var matcher = new LexiconMatcher(["ad dawla"]);

        Assert.Equal(3, Matches(matcher, "ad-dawla ad_dawla ad dawla").Count);
    }

    [Fact]
    public void PatternsThatShareASuffixAreAllReported()
    {
        var matcher = new LexiconMatcher(["islamic state", "state", "c state"]);

        var found = Matches(matcher, "the islamic state");

        Assert.Equal(3, found.Count);
        Assert.Contains((0, 4, 17), found);
        Assert.Contains((1, 12, 17), found);
        Assert.Contains((2, 10, 17), found);
    }

    [Fact]
    public void MatchCountOnARepetitiveTextIsLinearInMatches()
    {
        var matcher = new LexiconMatcher(["aaaa", "aaab"]);
        var text = new string('a', 20_000);

        var found = Matches(matcher, text);

        Assert.Equal(20_000 - 3, found.Count);
    }

    [Fact]
    public void SparseDeepNodesMatchLikeDenseRows()
    {
        string[] patterns = ["he", "she", "his", "hers", "islamic state", "state", "c state", "ad-dawla", "aaab", "خلافة"];
        const string text = "ushers of the islamic state, ad_dawla and ad dawla, aaaab, الخلافة his hershe";
        var dense = new LexiconMatcher(patterns);

        // A budget of one row leaves only the root dense, so every deeper step takes the sparse path.
        var sparse = new LexiconMatcher(patterns, denseBudget: 1);

        Assert.Equal(Matches(dense, text), Matches(sparse, text));
        Assert.Equal(16, Matches(dense, text).Count);
    }

    private static List<(int Pattern, int Start, int End)> Matches(LexiconMatcher matcher, string text)
    {
        var list = new List<(int, int, int)>();
        matcher.Match(text, ref list, static (ref List<(int, int, int)> l, int p, int s, int e) => l.Add((p, s, e)));
        return list;
    }
}
