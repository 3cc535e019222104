using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.KnownContent;

/// <summary>The bank at its default settings on real sentences: the SimHash finds candidates, the shingles decide.</summary>
public sealed class NearDuplicateTests
{
    private static readonly TextNormalizer Normalizer = new();

    private static readonly string[] Banked =
    [
        "Soldiers of the caliphate attacked the apostate army barracks in Borno and killed dozens, praise be to the Dawlah.",
        "Brothers, equip a mujahid with weapons for the fight. Every dollar you send buys bullets for the lions of the Dawlah.",
        "The traitors in government will hang on the day of the rope. We remember every name and every face.",
        "Sisters, don't marry a man who doesn't love the Dawlah. Look for a lion, a mujahid, not a sheep of the dunya.",
        "Support the brothers in the prisons of the taghut: we send money for food and bribes. Also collecting to fund the next escape.",
        "Our hardship fund helps students in debt. Eligibility is checked by our scholars and accounts are audited yearly.",
    ];

    private static ContentFingerprint Of(string text) => ContentFingerprint.OfPost(Normalizer, text);

    private static KnownContentIndex BankAll()
    {
        var index = new KnownContentIndex();
        for (var i = 0; i < Banked.Length; i++)
        {
            var fingerprint = Of(Banked[i]);
            index.AddBlocked(new KnownContentEntry($"{i:x64}", fingerprint.SimHash, $"r_{i}", "extremist_propaganda"), fingerprint);
        }

        return index;
    }

    private static string Edit(string text, Action<List<string>> edit)
    {
        var words = text.Split(' ').ToList();
        edit(words);
        return string.Join(' ', words);
    }

    private static void AssertMatches(KnownContentIndex index, int banked, string post)
    {
        var match = index.FindNear(Of(post));
        Assert.True(match is not null, $"no match for: {post}");
        Assert.Equal($"r_{banked}", match.Entry.ItemId);
        Assert.False(match.Exact);
        Assert.InRange(match.Similarity, index.MinSimilarity, 1.0);
        Assert.InRange(match.Distance, 0, index.MaxDistance);
    }

    [Fact]
    public void FingerprintSimHashIsThePostsSimHash()
    {
        foreach (var post in Banked)
        {
            Assert.Equal(SimHash.OfPost(Normalizer, post), Of(post).SimHash);
        }
    }

    [Fact]
    public void SimilarityIsTheJaccardOfWordsAndWordPairs()
    {
        // 4 words + 3 pairs against 3 words + 2 pairs; shared: 3 words and 2 pairs.
        Assert.Equal(5.0 / 7.0, Of("give to the fund").Similarity(Of("give to the")), 6);
        Assert.Equal(1.0, Of("Give to the FUND!!! #now 🔥").Similarity(Of("give to the fund")));
        Assert.Equal(0.0, Of("give to the fund").Similarity(Of("lovely weather today")));
        Assert.Equal(0.0, Of("🔥🔥").Similarity(Of("🔥🔥")));
    }

    [Fact]
    public void DroppedWordMatches()
    {
        var index = BankAll();
        for (var i = 0; i < Banked.Length; i++)
        {
            AssertMatches(index, i, Edit(Banked[i], w => w.RemoveAt(w.Count / 2)));
            AssertMatches(index, i, Edit(Banked[i], w => w.RemoveAt(2)));
        }
    }

    [Fact]
    public void AddedOrDroppedNegationIsNotANearDuplicate()
    {
        var index = BankAll();

        // One word each, so the shingles alone would call them near duplicates; the words say the opposite.
        Assert.Null(index.FindNear(Of(Edit(Banked[2], w => w.Insert(5, "not")))));
        Assert.Null(index.FindNear(Of(Edit(Banked[3], w => w.RemoveAt(1)))));
        Assert.Null(index.FindNear(Of("We condemn this: " + Banked[1])));
        Assert.True(Of(Edit(Banked[2], w => w.Insert(5, "not"))).Similarity(Of(Banked[2])) >= index.MinSimilarity);
    }

    [Fact]
    public void SubstitutedWordMatches()
    {
        var index = BankAll();
        for (var i = 0; i < Banked.Length; i++)
        {
            AssertMatches(index, i, Edit(Banked[i], w => w[w.Count / 2] = "tonight"));
        }
    }

    [Fact]
    public void InsertedWordWithAddedHashtagsAndEmojiMatches()
    {
        var index = BankAll();
        for (var i = 0; i < Banked.Length; i++)
        {
            AssertMatches(index, i, "🔥 " + Edit(Banked[i], w => w.Insert(3, "really")) + " #dawlah #news 🦁 @someone");
        }
    }

    [Fact]
    public void UnrelatedPostsSharingManyWordsDoNotMatch()
    {
        var index = BankAll();
        string[] unrelated =
        [
            "Kenyan police said soldiers of the army attacked barracks in Borno and killed dozens of militants, officials said.",
            "Brothers, the fight for the lions is on: every dollar you send to the zoo buys food for the lions of the savannah.",
            "The traitors in the novel hang on every word; we remember the day the government fell and every name in it.",
            "Our students in debt can ask the fund for help. Accounts are checked yearly by our auditors, eligibility by our staff.",
        ];

        foreach (var post in unrelated)
        {
            Assert.True(index.FindNear(Of(post)) is null, $"false match for: {post}");
            Assert.All(Banked, b => Assert.InRange(Of(post).Similarity(Of(b)), 0.0, 0.5));
        }
    }

    [Fact]
    public void ShortPostsMatchOnlyExactly()
    {
        var index = new KnownContentIndex();
        const string Short = "Join the Dawlah now brothers";
        var fingerprint = Of(Short);
        index.AddBlocked(new KnownContentEntry(new string('a', 64), fingerprint.SimHash, "r_short", "extremist_propaganda"), fingerprint);

        Assert.Equal("r_short", index.Match(new string('a', 64), () => throw new InvalidOperationException("exact"))!.Entry.ItemId);
        Assert.Null(index.FindNear(Of("Join the Dawlah now brother")));
        Assert.Null(index.FindNear(Of("Join the Dawlah now brothers and sisters")));

        // A short post never near-matches a long banked one either.
        var banked = BankAll();
        Assert.Null(banked.FindNear(Of("traitors in government will hang")));
        Assert.True(Of("traitors in government will hang").Similarity(Of(Banked[2])) > 0);
    }
}
