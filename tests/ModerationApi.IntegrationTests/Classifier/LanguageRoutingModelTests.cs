using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.IntegrationTests.Classifier;

/// <summary>
/// The shipped English and Arabic models behind the language router: padding a post with what renders as nothing,
/// symbols or other scripts must not move its model scores.
/// </summary>
public sealed class LanguageRoutingModelTests(MiniLmEncoderFixture fixture) : IClassFixture<MiniLmEncoderFixture>, IDisposable
{
    private readonly HeadModel _heads = HeadModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx"));

    private const double Tolerance = 0.01;

    private const string EnglishPost =
        "Brothers, the lions of the caliphate struck the apostate army today. Join the ranks, the khilafah will rise again and the disbelievers will taste fire.";

    private const string ArabicPost = "الدولة الإسلامية باقية وتتمدد رغم أنف الصليبيين، يا شباب الأمة انفروا والتحقوا بركب المجاهدين";

    public static TheoryData<string, string> Paddings => new()
    {
        { "85 Hangul fillers", " " + new string('\u3164', 85) },
        { "other fillers and braille blanks", " " + string.Concat(Enumerable.Repeat("\u115F\u1160\uFFA0\u2800", 25)) },
        { "format characters", " " + string.Concat(Enumerable.Repeat("\u200B\u2060\uFEFF\u2066\u202E\u00AD\u180E", 15)) },
        { "variation selectors", " " + string.Concat(Enumerable.Repeat("\uFE0F\uFE00\U000E0100", 30)) },
        { "CJK letters", " " + string.Concat(Enumerable.Repeat("你好世界中文字", 15)) },
        { "Cyrillic letters", " " + string.Concat(Enumerable.Repeat("привет мир ", 12)) },
        { "emoji flood", " " + string.Concat(Enumerable.Repeat("🔥😂👍", 40)) },
    };

    [Theory]
    [MemberData(nameof(Paddings))]
    public async Task PaddingDoesNotMoveTheEnglishModelScore(string kind, string padding)
    {
        var router = Router();

        var results = await router.ClassifyAsync([EnglishPost, EnglishPost + padding], CancellationToken.None);

        var plain = results[0].Scores[Labels.ExtremistPropaganda];
        Assert.True(plain > 0.3, $"the English model should score the plain post clearly ({plain})");
        foreach (var label in results[0].Scores.Keys)
        {
            Assert.True(Math.Abs(results[0].Scores[label] - results[1].Scores[label]) <= Tolerance, $"{kind}: {label} {results[0].Scores[label]} vs {results[1].Scores[label]}");
        }

        Assert.Contains(results[1].Coverage!, c => c is { Language: "en", Model: true });
    }

    [Theory]
    [MemberData(nameof(Paddings))]
    public async Task PaddingDoesNotMoveTheArabicModelScore(string kind, string padding)
    {
        var router = Router();

        var results = await router.ClassifyAsync([ArabicPost, ArabicPost + padding], CancellationToken.None);

        var plain = results[0].Scores[Labels.ExtremistPropaganda];
        Assert.True(plain >= 0.6, $"the Arabic model should flag the plain post ({plain})");
        foreach (var label in results[0].Scores.Keys)
        {
            Assert.True(Math.Abs(results[0].Scores[label] - results[1].Scores[label]) <= Tolerance, $"{kind}: {label} {results[0].Scores[label]} vs {results[1].Scores[label]}");
        }

        Assert.Contains(results[1].Coverage!, c => c is { Language: "ar", Model: true });
    }

    [Fact]
    public async Task MixedArabicEnglishPostGetsWindowsFromBothModels()
    {
        var text = EnglishPost + "\n" + ArabicPost;

        var result = Assert.Single(await Router().ClassifyAsync([text], CancellationToken.None));

        var windows = result.Windows.Where(w => w.Label == Labels.ExtremistPropaganda).Select(w => text[w.Start..w.End]).ToList();
        Assert.Contains(windows, w => w.Contains("caliphate", StringComparison.Ordinal) && !w.Contains('\u0627'));
        Assert.Contains(windows, w => w.Contains("باقية", StringComparison.Ordinal) && !w.Contains("caliphate", StringComparison.Ordinal));
        Assert.Equal(["en", "ar"], result.Coverage!.Select(c => c.Language));
        Assert.All(result.Coverage!, c => Assert.True(c.Model));
    }

    public void Dispose() => _heads.Dispose();

    private LanguageRoutingClassifier Router()
    {
        var arabic = HashedNgramModel.Load(HashedModelFormat.Arabic, Path.Combine(AppContext.BaseDirectory, "models", "arabic", "arabic.bin"));
        return new LanguageRoutingClassifier(new OnnxTextClassifier(fixture.Encoder, _heads), new ArabicTextClassifier(arabic));
    }
}
