using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>The full API with the real encoder and the shipped heads.</summary>
public sealed class ModelApiTests : IClassFixture<ModelApiTests.WithModel>
{
    private readonly WithModel _factory;
    private readonly HttpClient _client;

    public ModelApiTests(WithModel factory)
    {
        _factory = factory;
        _client = factory.ClientWithKey(ModerationApiFactory.ModerateKey);
    }

    internal static readonly string[] PositiveTexts =
    [
        "Brothers, the lions of the caliphate struck the apostate army today. Join the ranks, the khilafah will rise again and the disbelievers will taste fire.",
        "Every true believer must make hijrah to the land of the caliphate and fight the crusaders until their blood fills the streets. Victory is near, brothers.",
        "Support our fighters on the front: they need weapons and food. Send whatever you can, Monero only so the kuffar cannot trace it. Contact the bot for the address.",
    ];

    internal static readonly string[] NegativeTexts =
    [
        "Islamic State militants claimed responsibility for the bombing in Kabul, officials said on Tuesday, as the death toll rose to 43.",
        "Ramadan reminder: zakat is due on savings held for a lunar year. Our masjid collects zakat and sadaqah for local families in need.",
        "Researchers at the institute analysed 3,000 ISIS propaganda videos to understand how the group recruited teenagers online.",
        "My team absolutely killed it at the tournament last night, we bombed their base in the final round and took the trophy!",
        "Families in Gaza need clean water now. Please donate to our registered relief appeal; every $25 buys a water filter.",
        "The greatest jihad is the struggle against your own ego. Be patient, pray, and be kind to your parents.",
    ];

    // Written for this test, not in any training file.
    private static readonly string[] ArabicPositiveTexts =
    [
        "اللهم تقبل أخانا الذي فجر نفسه في تجمع المرتدين، نسأل الله أن يلحقنا به",
        "تعال يا أخي إلى أرض الجهاد، الإخوة ينتظرونك، راسلني على التيليجرام",
        "فكاك أسيرات الدولة من مخيم الهول يحتاج مالكم، كل دولار يقربها من الحرية، تواصلوا على الخاص",
    ];

    private static readonly string[] ArabicNegativeTexts =
    [
        "تذكير للجميع: صدقة الفطر واجبة على كل مسلم، أخرجوها عن طريق الجمعيات المعتمدة قبل الصلاة",
        "عاجل: مقتل خمسة أشخاص في هجوم مسلح على حافلة، والسلطات تفتح تحقيقا",
        "من يقتل الأبرياء باسم الدين لا يمثل الإسلام، الله يرحم الضحايا ويشفي الجرحى",
        "ندعو لأهلنا في غزة، تبرعوا للهلال الأحمر الفلسطيني عبر موقعه الرسمي",
    ];

    public static TheoryData<string> ArabicPositives => new(ArabicPositiveTexts);

    public static TheoryData<string> ArabicHardNegatives => new(ArabicNegativeTexts);

    public static TheoryData<string> Positives => new(PositiveTexts);

    public static TheoryData<string> HardNegatives => new(NegativeTexts);

    [Theory]
    [MemberData(nameof(Positives))]
    public async Task UnmistakablePositiveIsFlaggedWithModelOrRuleEvidence(string text)
    {
        var verdict = await ModerateAsync(text);

        Assert.NotEqual("allow", verdict.GetProperty("action").GetString());
        Assert.StartsWith("all-MiniLM-L6-v2@", verdict.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);

        // Base model, encoder adapter, precision (fp32 by default, which adds nothing; int8 adds "+int8"), heads, the
        // Arabic model and the encoder screen: the version changes when any of them does.
        Assert.Matches("^all-MiniLM-L6-v2@[0-9a-f]{12}\\+adapter-[0-9a-f]{12}\\+heads-[0-9a-f]{12}\\+arabic-[0-9a-f]{12}\\+screen-[0-9a-f]{12}$", verdict.GetProperty("modelVersion").GetString());
        Assert.NotEmpty(verdict.GetProperty("evidence").EnumerateArray());
    }

    [Theory]
    [MemberData(nameof(HardNegatives))]
    public async Task HardNegativeIsAllowed(string text)
    {
        var verdict = await ModerateAsync(text);

        Assert.Equal("allow", verdict.GetProperty("action").GetString());
    }

    [Fact]
    public async Task ModelEvidenceIsAWindowOfTheTextAsSentWithItsScore()
    {
        // One calm run-on sentence longer than a 128-token window, then the propaganda: text after an overlong sentence
        // starts a window of its own, so the propaganda is scored alone and only its window may be evidence.
        var calm = string.Concat(Enumerable.Repeat("nice weather today so we walked along the canal and had tea with my aunt and ", 12)) + "then home.";
        var text = calm + "\nBrothers, the lions of the caliphate struck the apostate army. Join the ranks, the disbelievers will taste fire.";
        var verdict = await ModerateAsync(text);

        var model = verdict.GetProperty("evidence").EnumerateArray().Where(e => e.GetProperty("source").GetString() == "model").ToList();
        Assert.NotEmpty(model);
        foreach (var e in model)
        {
            var start = e.GetProperty("start").GetInt32();
            var end = e.GetProperty("end").GetInt32();
            Assert.Equal(text[start..end], e.GetProperty("text").GetString());
            Assert.InRange(e.GetProperty("score").GetDouble(), 0.6, 1.0);
            Assert.Contains("lions of the caliphate", e.GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.True(start > 0, "the window is part of the post, not all of it");
        }
    }

    [Fact]
    public async Task ConcurrentCallersEachGetTheirOwnVerdict()
    {
        var texts = Enumerable.Range(0, 32)
            .Select(i => i % 2 == 0 ? $"Post {i}: {NegativeTexts[i % NegativeTexts.Length]}" : $"Post {i}: {PositiveTexts[i % PositiveTexts.Length]}")
            .ToArray();

        var responses = await Task.WhenAll(texts.Select((text, i) => _client.PostAsJsonAsync("/v1/moderate", new { id = $"c{i}", text, doNotStore = true })));

        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(HttpStatusCode.OK, responses[i].StatusCode);
            var verdict = await responses[i].JsonAsync();
            Assert.Equal($"c{i}", verdict.GetProperty("id").GetString());
            foreach (var e in verdict.GetProperty("evidence").EnumerateArray())
            {
                Assert.Equal(texts[i][e.GetProperty("start").GetInt32()..e.GetProperty("end").GetInt32()], e.GetProperty("text").GetString());
            }

            var allowed = verdict.GetProperty("action").GetString() == "allow";
            Assert.True(allowed == (i % 2 == 0), $"post {i} was {(allowed ? "allowed" : "flagged")}");
        }
    }

    [Fact]
    public async Task BatchAndSingleAgree()
    {
        var items = PositiveTexts.Concat(NegativeTexts).Select((t, i) => new { id = $"b{i}", text = t, doNotStore = true }).ToArray();

        var batch = (await (await _client.PostAsJsonAsync("/v1/moderate/batch", new { items })).JsonAsync()).GetProperty("results").EnumerateArray().ToList();

        for (var i = 0; i < items.Length; i++)
        {
            var single = await ModerateAsync(items[i].text);
            Assert.Equal(single.GetProperty("labels").ToString(), batch[i].GetProperty("labels").ToString());
        }
    }

    [Theory]
    [MemberData(nameof(ArabicPositives))]
    public async Task ArabicPositiveIsFlaggedByTheArabicModel(string text)
    {
        var verdict = await ModerateAsync(text);

        Assert.NotEqual("allow", verdict.GetProperty("action").GetString());
        Assert.Contains(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "model");
    }

    [Theory]
    [MemberData(nameof(ArabicHardNegatives))]
    public async Task ArabicHardNegativeIsAllowed(string text)
    {
        var verdict = await ModerateAsync(text);

        Assert.Equal("allow", verdict.GetProperty("action").GetString());
    }

    [Theory]
    [InlineData("Ramadan reminder: zakat is due on savings held for a lunar year, give it through the masjid.", "en", true)]
    [InlineData("رمضان كريم، تذكير بإخراج زكاة الفطر قبل صلاة العيد عن طريق لجنة المسجد", "ar", true)]
    [InlineData("Rejoignez nos frères, la victoire est proche et nous ne reculerons pas devant les ennemis de la religion.", "fr", false)]
    public async Task VerdictSaysWhetherAModelReadTheLanguage(string text, string language, bool model)
    {
        var verdict = await ModerateAsync(text);

        var coverage = Assert.Single(verdict.GetProperty("coverage").EnumerateArray());
        Assert.Equal(language, coverage.GetProperty("language").GetString());

        // English without rule evidence may be cleared by the encoder screen: then the model was skipped, and it says so.
        var screened = coverage.TryGetProperty("screened", out var s) && s.GetBoolean();
        Assert.Equal(model, coverage.GetProperty("model").GetBoolean() || screened);
        Assert.True(!screened || language == "en", "only English text is screened");
    }

    [Fact]
    public async Task InvisibleFillersAppendedDoNotTakeTheModelScoreAway()
    {
        var text = PositiveTexts[0];

        var plain = await ModerateAsync(text);
        var padded = await ModerateAsync(text + " " + new string('\u3164', 85));

        var before = plain.GetProperty("labels").GetProperty("extremist_propaganda").GetProperty("score").GetDouble();
        var after = padded.GetProperty("labels").GetProperty("extremist_propaganda").GetProperty("score").GetDouble();
        Assert.True(before >= 0.6, $"the plain post should be flagged ({before})");
        Assert.InRange(after, before - 0.01, before + 0.01);
        Assert.Equal(plain.GetProperty("action").GetString(), padded.GetProperty("action").GetString());
    }

    private async Task<JsonElement> ModerateAsync(string text)
    {
        var response = await _client.PostAsJsonAsync("/v1/moderate", new { text, doNotStore = true });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    /// <summary>The service with the model on.</summary>
    public sealed class WithModel : ModerationApiFactory
    {
        public WithModel() => With("Classifier:Enabled", "true");
    }
}
