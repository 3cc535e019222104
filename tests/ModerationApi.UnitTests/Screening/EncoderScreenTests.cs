using System.Text.Json;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Screening;
using ModerationApi.UnitTests.Pipeline;

namespace ModerationApi.UnitTests.Screening;

/// <summary>The encoder screen in the pipeline: what it may clear, how cleared posts are marked, and switching it off.</summary>
public sealed class EncoderScreenTests
{
    private const int Bits = 8;

    // Posts that carry rule evidence, one or more per rule family. Addresses are the test vectors of domain.md.
    public static TheoryData<string, string> PostsWithRuleEvidence => new()
    {
        { "bitcoin address", "Send BTC to 1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H, thanks" },
        { "bech32 address", "my wallet bc1qjkq3tpy2gutsfdlcvys8slkempywk230u8rc8u" },
        { "ether address", "tips: 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" },
        { "monero address", "XMR 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A" },
        { "donation request for fighters", "Please donate to support the mujahideen, give anonymously, every coin counts" },
        { "nft", "Mint the IS-NEWS NFT collection now on opensea.io before it sells out" },
        { "lexicon: group name", "The Islamic State will remain and expand, join the soldiers of the caliphate" },
    };

    [Theory]
    [MemberData(nameof(PostsWithRuleEvidence))]
    public async Task ScreenNeverClearsAPostThatCarriesRuleEvidence(string family, string text)
    {
        using var rulesOnly = new ModerationEngineBuilder(new EngineOptions()).Build();
        var withoutModel = (await rulesOnly.ModerateAsync([new Post(text)])).Verdicts[0];
        Assert.True(withoutModel.Evidence.Count > 0, $"{family}: the test post must carry rule evidence");

        var model = new CountingClassifier();
        using var engine = Engine(model, ClearingScreen());
        var batch = await engine.ModerateAsync([new Post(text)]);

        Assert.Equal([text], model.TextsSeen);
        Assert.DoesNotContain(batch.Verdicts[0].Coverage, c => c.Screened);
        Assert.Equal(0, batch.Counts.Screened);
    }

    [Theory]
    [InlineData("They breed like rats and nobody does anything about it.")]
    [InlineData("Race traitors run every council in this country now.")]
    [InlineData("Happy birthday to the saint who set the high score.")]
    public async Task ScreenNeverClearsAPostWhoseDehumanisingWordsJargonOrSaintsWaitForTheModel(string text)
    {
        using var rulesOnly = new ModerationEngineBuilder(new EngineOptions()).Build();
        var withoutModel = (await rulesOnly.ModerateAsync([new Post(text)])).Verdicts[0];
        Assert.Empty(withoutModel.Evidence);

        var model = new CountingClassifier();
        using var engine = Engine(model, ClearingScreen());
        var batch = await engine.ModerateAsync([new Post(text)]);

        Assert.Equal([text], model.TextsSeen);
        Assert.Equal(0, batch.Counts.Screened);
    }

    [Fact]
    public async Task OrdinaryPostTheScreenClearsSkipsTheModelAndSaysSoInItsVerdict()
    {
        var model = new CountingClassifier();
        using var engine = Engine(model, ClearingScreen());

        var batch = await engine.ModerateAsync([new Post("Lovely weather in Leeds today, off to the park with the kids.")]);

        Assert.Empty(model.TextsSeen);
        Assert.Equal([new LanguageCoverage("en", Model: false) { Screened = true }], batch.Verdicts[0].Coverage);
        Assert.Equal(1, batch.Counts.Screened);
        Assert.Equal(ModerationAction.Allow, batch.Verdicts[0].Action);
    }

    [Fact]
    public async Task GateAdmitsOnlyThePostsLeftForTheModel()
    {
        var model = new CountingClassifier();
        using var engine = Engine(model, ClearingScreen());
        var gate = new RecordingGate();
        const string withEvidence = "Send BTC to 1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H, thanks";

        await engine.ModerateAsync([new Post("Lovely weather in Leeds today."), new Post(withEvidence)], gate);

        Assert.Equal([withEvidence], gate.Admitted);
        Assert.Equal(1, gate.Runs);
        Assert.Equal([withEvidence], model.TextsSeen);
    }

    [Fact]
    public async Task GateIsNotCalledWhenTheScreenClearsEveryPost()
    {
        using var engine = Engine(new CountingClassifier(), ClearingScreen());
        var gate = new RecordingGate();

        var batch = await engine.ModerateAsync([new Post("Lovely weather in Leeds today."), new Post("See you at the match on Saturday.")], gate);

        Assert.Empty(gate.Admitted);
        Assert.Equal(0, gate.Runs);
        Assert.Equal(2, batch.Counts.Screened);
    }

    [Fact]
    public async Task ScreenThatClearsNothingSendsEveryPostToTheModelAndMarksNone()
    {
        var model = new CountingClassifier();
        using var engine = Engine(model, Screen(bias: 20f, threshold: 0.5f));

        var batch = await engine.ModerateAsync([new Post("Lovely weather in Leeds today."), new Post("Ramadan reminder: zakat is due.")]);

        Assert.Equal(2, model.TextsSeen.Count);
        Assert.All(batch.Verdicts, v => Assert.All(v.Coverage, c => Assert.False(c.Screened)));
        Assert.Equal(0, batch.Counts.Screened);
    }

    [Fact]
    public async Task ScreenSwitchedOffGivesTheFullPipelinesVerdictsExactly()
    {
        string[] texts = ["Lovely weather in Leeds today.", "Equip a mujahid of the Islamic State, send XMR", "My team absolutely killed it last night!"];
        using var full = new ModerationEngineBuilder(new EngineOptions()).WithClassifier(new CountingClassifier()).Build();
        using var off = new ModerationEngineBuilder(new EngineOptions()).WithClassifier(new CountingClassifier())
            .WithScreen(new ScreenOptions { Enabled = false, ModelPath = "/nonexistent/screen.bin" }).Build();
        using var on = Engine(new CountingClassifier(), ClearingScreen());

        var expected = await JsonOf(full, texts);

        Assert.Equal(expected, await JsonOf(off, texts));
        Assert.NotEqual(expected, await JsonOf(on, texts));
    }

    [Fact]
    public void ScreenVersionJoinsTheModelVersionAndCacheKeys()
    {
        using var withScreen = Engine(new CountingClassifier(), ClearingScreen());
        using var without = new ModerationEngineBuilder(new EngineOptions()).WithClassifier(new CountingClassifier()).Build();

        Assert.StartsWith("counting-model-1+screen-", withScreen.ModelVersion, StringComparison.Ordinal);
        Assert.Equal("counting-model-1", without.ModelVersion);
    }

    [Fact]
    public void ThresholdOverrideChangesTheScreensVersion()
    {
        var model = Model(bias: 0f, threshold: 0.5f);

        var fromFile = new EncoderScreen(model, null, null);
        var overridden = new EncoderScreen(model, 0.25, null);

        Assert.Equal(0.5, fromFile.Threshold, 6);
        Assert.Equal(0.25, overridden.Threshold);
        Assert.Equal(model.Version, fromFile.Version);
        Assert.Equal(model.Version + "@0.25", overridden.Version);
    }

    [Fact]
    public void PostScoringExactlyAtTheThresholdIsNotCleared()
    {
        // Zero weights and bias give every text probability 0.5.
        var atHalf = new EncoderScreen(Model(bias: 0f, threshold: 0.5f), null, null);
        var aboveHalf = new EncoderScreen(Model(bias: 0f, threshold: 0.5f), 0.500001, null);

        Assert.Equal(0.5, atHalf.Score("an ordinary sentence"), 6);
        Assert.False(atHalf.Clears("an ordinary sentence"));
        Assert.True(aboveHalf.Clears("an ordinary sentence"));
    }

    [Fact]
    public void PostWithoutAnEnglishViewIsNotCleared()
    {
        var screen = ClearingScreen();

        Assert.True(screen.Clears("an ordinary sentence"));
        Assert.False(screen.Clears("تذكير للجميع: صدقة الفطر واجبة على كل مسلم"));
    }

    [Fact]
    public void ScreenModelOfAnotherLabelIsRefused()
    {
        var other = new HashedNgramModel(HashedModelFormat.Screen, Bits, ["extremist_propaganda"], [0.5f], [0f], [new float[1 << Bits]]);

        Assert.Throws<InvalidDataException>(() => new EncoderScreen(other, null, null));
    }

    [Fact]
    public void ScreenFileCannotBeLoadedAsTheArabicModel()
    {
        var path = Path.GetTempFileName();
        try
        {
            var model = Model(bias: -1f, threshold: 0.3f);
            model.Save(path);

            Assert.Throws<InvalidDataException>(() => HashedNgramModel.Load(HashedModelFormat.Arabic, path));
            var loaded = HashedNgramModel.Load(HashedModelFormat.Screen, path);
            Assert.Equal(model.Version, loaded.Version);
            Assert.StartsWith("screen-", loaded.Version, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A gate that admits everything and records what it was shown.</summary>
    private sealed class RecordingGate : IModelGate
    {
        public List<string> Admitted { get; } = [];

        public int Runs { get; private set; }

        public IReadOnlyList<int>? Admit(IReadOnlyList<string> texts)
        {
            Admitted.AddRange(texts);
            return null;
        }

        public Task<IReadOnlyList<Assessment>> RunAsync(Func<CancellationToken, Task<IReadOnlyList<Assessment>>> assess, CancellationToken cancellationToken)
        {
            Runs++;
            return assess(cancellationToken);
        }
    }

    private static async Task<string> JsonOf(ModerationEngine engine, string[] texts) =>
        JsonSerializer.Serialize((await engine.ModerateAsync([.. texts.Select(t => new Post(t))])).Verdicts);

    private static ModerationEngine Engine(ITextClassifier classifier, EncoderScreen screen) =>
        new ModerationEngineBuilder(new EngineOptions()).WithClassifier(classifier).WithScreen(screen).Build();

    // A bias of -20 puts every text near probability 0: below any threshold, so every English view is cleared.
    private static EncoderScreen ClearingScreen() => Screen(bias: -20f, threshold: 0.5f);

    private static EncoderScreen Screen(float bias, float threshold) => new(Model(bias, threshold), null, null);

    private static HashedNgramModel Model(float bias, float threshold) =>
        new(HashedModelFormat.Screen, Bits, [EncoderScreen.Label], [threshold], [bias], [new float[1 << Bits]]);
}
