using ModerationApi.Engine.Languages;

namespace ModerationApi.UnitTests.Languages;

public sealed class LanguageDetectorTests
{
    private const string English = "Brothers, the lions of the caliphate struck today. Join the ranks, the khilafah will rise again.";
    private const string Arabic = "الدولة الإسلامية باقية وتتمدد رغم أنف الصليبيين، انفروا خفافا وثقالا";

    public static TheoryData<string, string> Paddings => new()
    {
        { "Hangul fillers", " " + new string('\u3164', 85) },
        { "other fillers and braille blanks", " " + string.Concat(Enumerable.Repeat("\u115F\u1160\uFFA0\u2800", 30)) },
        { "format characters", " " + string.Concat(Enumerable.Repeat("\u200B\u2060\uFEFF\u2066\u202E\u00AD", 20)) },
        { "variation selectors", " " + string.Concat(Enumerable.Repeat("\uFE0F\uFE00", 40)) },
        { "CJK letters", " " + string.Concat(Enumerable.Repeat("你好世界中文", 15)) },
        { "Cyrillic letters", " " + string.Concat(Enumerable.Repeat("привет мир ", 12)) },
        { "emoji flood", " " + string.Concat(Enumerable.Repeat("🔥😂👍", 40)) },
    };

    [Fact]
    public void PlainEnglishPostIsReadWholeAndUnchanged()
    {
        var analysis = LanguageDetector.Analyze(English);

        Assert.Equal(["en"], analysis.Languages);
        var view = Assert.Single(analysis.Views);
        Assert.True(view.IsWholeText);
        Assert.Same(English, view.Text);
    }

    [Theory]
    [MemberData(nameof(Paddings))]
    public void PaddingAppendedToEnglishLeavesTheEnglishViewToTheWords(string kind, string padding)
    {
        var analysis = LanguageDetector.Analyze(English + padding);

        var view = analysis.View("en");
        Assert.True(view is not null, kind);
        Assert.Equal(English, view.Text.TrimEnd());
        Assert.Contains("en", analysis.Languages);
    }

    [Theory]
    [MemberData(nameof(Paddings))]
    public void PaddingAppendedToArabicLeavesTheArabicViewToTheWords(string kind, string padding)
    {
        var analysis = LanguageDetector.Analyze(Arabic + padding);

        var view = analysis.View("ar");
        Assert.True(view is not null, kind);
        Assert.Equal(Arabic, view.Text.TrimEnd());
        Assert.Null(analysis.View("en"));
    }

    [Fact]
    public void FillersBetweenWordsAreCutOutAndPositionsMapBack()
    {
        var text = "join\u3164\u3164 the\u200B caliphate";

        var view = LanguageDetector.Analyze(text).View("en")!;

        Assert.Equal("join the caliphate", view.Text);
        var start = view.Text.IndexOf("caliphate", StringComparison.Ordinal);
        var (s, e) = view.ToSource(start, start + "caliphate".Length);
        Assert.Equal("caliphate", text[s..e]);
    }

    [Fact]
    public void CjkPaddingIsReportedAsItsOwnLanguage()
    {
        var analysis = LanguageDetector.Analyze(English + " " + string.Concat(Enumerable.Repeat("你好世界中文", 15)));

        Assert.Contains("zh", analysis.Languages);
        Assert.Contains("en", analysis.Languages);
    }

    [Fact]
    public void MixedArabicAndEnglishPostHasBothViews()
    {
        var text = Arabic + "\n" + English;

        var analysis = LanguageDetector.Analyze(text);

        // English has more letters here, so it comes first.
        Assert.Equal(["en", "ar"], analysis.Languages);
        Assert.Equal(English, analysis.View("en")!.Text.Trim());
        Assert.Equal(Arabic, analysis.View("ar")!.Text.Trim());
    }

    [Fact]
    public void LinksAndMentionsInAnArabicTweetAreNotEnglish()
    {
        var analysis = LanguageDetector.Analyze(Arabic + " https://t.co/Yci1o89gCL @someone_here");

        Assert.Equal(["ar"], analysis.Languages);
        Assert.DoesNotContain("t.co", analysis.View("ar")!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AStrayLatinWordInAnArabicPostDoesNotGoToTheEnglishModel()
    {
        var analysis = LanguageDetector.Analyze(Arabic + " ISIS");

        Assert.Null(analysis.View("en"));
    }

    [Theory]
    [InlineData("Rejoignez nos frères, la victoire est proche et nous ne reculerons pas devant les ennemis de la religion.", "fr")]
    [InlineData("Unterstützt unsere Brüder, die Zeit ist gekommen und wir werden nicht aufgeben, das ist unsere Pflicht.", "de")]
    [InlineData("Apoyad a nuestros hermanos, la victoria está cerca y no vamos a retroceder ante los enemigos.", "es")]
    [InlineData("Kardeşler için bağış yapın, bu bizim görevimiz ve çok önemli bir iş, biz de varız.", "tr")]
    [InlineData("Support our brothers, the victory is near and we will not step back from the fight.", "en")]
    [InlineData("Baqiya wa tatamadad!", "en")]
    [InlineData("Check out the new café de Paris menu, it is great.", "en")]
    public void LatinScriptLanguageIsToldByItsFunctionWords(string text, string language)
    {
        var analysis = LanguageDetector.Analyze(text);

        Assert.Equal([language], analysis.Languages);
        Assert.Equal(language, Assert.Single(analysis.Views).Language);
    }

    [Theory]
    [InlineData("Поддержите наших братьев, победа близка.", "ru")]
    [InlineData("これは日本語の文章です。", "ja")]
    [InlineData("우리 형제들을 지지하세요", "ko")]
    public void OtherScriptsAreNamedAndHaveNoModelView(string text, string language)
    {
        var analysis = LanguageDetector.Analyze(text);

        Assert.Equal(language, analysis.Languages[0]);
        Assert.Empty(analysis.Views);
    }

    [Fact]
    public void EnglishAndFrenchParagraphsGoTheirOwnWays()
    {
        const string french = "Rejoignez nos frères, la victoire est proche et nous ne reculerons pas devant les ennemis de la religion.";
        var text = English + "\n" + french;

        var analysis = LanguageDetector.Analyze(text);

        Assert.Equal(["en", "fr"], analysis.Languages.Order(StringComparer.Ordinal));
        var english = analysis.View("en")!;
        Assert.Equal(English, english.Text);
        var (start, end) = english.ToSource(0, english.Text.Length);
        Assert.Equal(English, text[start..end]);
        Assert.Equal(french, analysis.View("fr")!.Text);
    }

    [Fact]
    public void AnEnglishPostWithAShortForeignQuoteStaysOneEnglishView()
    {
        var text = English + "\nMerci.";

        var analysis = LanguageDetector.Analyze(text);

        Assert.Equal(["en"], analysis.Languages);
        Assert.True(Assert.Single(analysis.Views).IsWholeText);
    }

    [Fact]
    public void PersianIsNotReadAsArabic()
    {
        var analysis = LanguageDetector.Analyze("این یک پیام به زبان فارسی است که برای آزمایش نوشته شده و چیزی نمی‌گوید");

        Assert.Equal("fa", analysis.Languages[0]);
    }

    [Fact]
    public void PostWithoutLettersHasNoLanguage()
    {
        var analysis = LanguageDetector.Analyze("🔥🔥🔥 !!! 123");

        Assert.Empty(analysis.Languages);
        Assert.Empty(analysis.Views);
    }
}
