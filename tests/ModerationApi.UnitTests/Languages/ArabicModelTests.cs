using ModerationApi.Engine.Classifier.Hashed;

namespace ModerationApi.UnitTests.Languages;

public sealed class ArabicModelTests
{
    private const int Bits = 12;

    [Fact]
    public void SpellingVariantsTheRulesFoldHaveTheSameFeatures()
    {
        // Hamza on alef, alef maqsura, teh marbuta, tatweel and harakat: the folded view reads them alike.
        var plain = Features("الدولة الاسلامية باقية");
        var variant = Features("الدَّوْلَـــة الإسلاميه باقيـة");

        Assert.Equal(plain, variant);
    }

    [Fact]
    public void LinksMentionsAndDigitsDoNotMakeFeaturesOfTheirOwn()
    {
        Assert.Equal(Features("خبر عاجل 2019"), Features("خبر عاجل 1437 https://t.co/abc @someone"));
    }

    [Fact]
    public void HashtagsAreWordsUnlessStripped()
    {
        var words = Features("الدولة الإسلامية");

        Assert.Equal(words, Features("#الدولة_الإسلامية"));
        Assert.Empty(Features("#الدولة_الإسلامية", stripHashtags: true));
    }

    [Fact]
    public void FeatureCountStaysWithinTheAdvertisedBound()
    {
        var text = string.Concat(Enumerable.Repeat("ا ب ت ث ج ح خ د ذ ر ز س ش ", 50));
        var buffer = new int[HashedNgramFeatures.MaxFeatures(text.Length)];

        var n = HashedNgramFeatures.Extract(text, false, (1 << Bits) - 1, buffer);

        Assert.InRange(n, 1, buffer.Length);
    }

    [Fact]
    public void SavedModelLoadsWithTheSameVersionAndScores()
    {
        var random = new Random(7);
        var weights = new float[1 << Bits];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var model = new HashedNgramModel(HashedModelFormat.Arabic, Bits, ["extremist_propaganda"], [0.4f], [-0.3f], [weights]);
        var path = Path.GetTempFileName();
        try
        {
            model.Save(path);
            var loaded = HashedNgramModel.Load(HashedModelFormat.Arabic, path);

            Assert.Equal(model.Version, loaded.Version);
            Assert.Equal(0.4f, loaded.Thresholds[0]);
            var before = new float[1];
            var after = new float[1];
            model.Score("انفروا خفافا وثقالا", before);
            loaded.Score("انفروا خفافا وثقالا", after);
            Assert.Equal(before[0], after[0]);
            Assert.NotEqual(0.5f, before[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ATruncatedFileIsRefused()
    {
        var model = new HashedNgramModel(HashedModelFormat.Arabic, Bits, ["extremist_propaganda"], [0.5f], [0f], [new float[1 << Bits]]);
        var path = Path.GetTempFileName();
        try
        {
            model.Save(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..^10]);

            Assert.Throws<InvalidDataException>(() => HashedNgramModel.Load(HashedModelFormat.Arabic, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static int[] Features(string text, bool stripHashtags = false)
    {
        var buffer = new int[HashedNgramFeatures.MaxFeatures(text.Length)];
        var n = HashedNgramFeatures.Extract(text, stripHashtags, (1 << Bits) - 1, buffer);
        return [.. buffer[..n].Order()];
    }
}
