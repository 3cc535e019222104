using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.KnownContent;

public sealed class SimHashTests
{
    private const int DefaultMaxDistance = 3;
    private static readonly TextNormalizer Normalizer = new();

    private static readonly string[] Posts =
    [
        "Soldiers of the caliphate attacked the apostate army barracks in Borno and killed dozens, praise be to the Dawlah.",
        "Brothers, equip a mujahid with weapons for the fight. Every dollar you send buys bullets for the lions of the Dawlah.",
        "The traitors in government will hang on the day of the rope. We remember every name and every face.",
        "Lovely weather in Leeds today, the football was good and the pub was full of people singing.",
        "Our hardship fund helps students in debt. Eligibility is checked by our scholars and accounts are audited yearly.",
        "Kenyan police said they had arrested four suspects linked to al-Shabaab over an attack on a bus that killed ten passengers.",
        "Sisters, don't marry a man who doesn't love the Dawlah. Look for a lion, a mujahid, not a sheep of the dunya.",
        "Join the resistance! In Ashfall you lead a ragtag band of survivors against an alien occupation force across a ruined Earth.",
    ];

    private static ulong Hash(string text) => SimHash.OfPost(Normalizer, text);

    [Theory]
    [InlineData("{0} #dawlah #news 🔥🔥")]
    [InlineData("🔥🔥 {0}")]
    [InlineData("{0} @someone @other")]
    [InlineData("{0}!!! ...")]
    [InlineData("  {0}  ")]
    public void AddedHashtagsMentionsEmojiAndPunctuationDoNotChangeTheHash(string template)
    {
        foreach (var post in Posts)
        {
            Assert.Equal(Hash(post), Hash(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, post)));
        }
    }

    [Fact]
    public void CaseLeetAndLookAlikesDoNotChangeTheHash()
    {
        var post = Posts[0];

        Assert.Equal(Hash(post), Hash(post.ToUpperInvariant()));
        Assert.Equal(Hash(post), Hash(post.Replace("caliphate", "c4liph4te", StringComparison.Ordinal).Replace("Dawlah", "D\u0430wlah", StringComparison.Ordinal)));
        Assert.Equal(Hash(post), Hash(post.Replace(" ", "\u200B ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ADroppedWordMovesTheHashLessThanAnyUnrelatedPostIsAway()
    {
        for (var i = 0; i < Posts.Length; i++)
        {
            var words = Posts[i].Split(' ');
            var edited = string.Join(' ', words.Where((_, w) => w != words.Length / 2));
            var nearest = Enumerable.Range(0, Posts.Length).Where(j => j != i).Min(j => SimHash.Distance(Hash(Posts[i]), Hash(Posts[j])));

            Assert.True(SimHash.Distance(Hash(Posts[i]), Hash(edited)) < nearest, $"post {i}");
        }
    }

    [Fact]
    public void UnrelatedPostsAreFarApart()
    {
        for (var i = 0; i < Posts.Length; i++)
        {
            for (var j = i + 1; j < Posts.Length; j++)
            {
                Assert.True(SimHash.Distance(Hash(Posts[i]), Hash(Posts[j])) > 3 * DefaultMaxDistance, $"posts {i} and {j}");
            }
        }
    }

    [Fact]
    public void ShoutedRepostWithEmojiAndExclamationsHashesTheSame()
    {
        const string post = "Daesh soldiers of the caliphate soldiers of the caliphate attacked the apostate army barracks and killed dozens, praise be to the Dawlah";

        Assert.Equal(Hash(post), Hash("🔥 " + post.ToUpperInvariant() + "!!!"));
    }

    [Fact]
    public void TextWithoutWordsHashesToZero()
    {
        Assert.Equal(0UL, SimHash.Compute("🔥🔥 !!! #tag @user"));
        Assert.NotEqual(0UL, SimHash.Compute("one word"));
    }
}
