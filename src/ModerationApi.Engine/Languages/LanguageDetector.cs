using System.Text;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Engine.Languages;

/// <summary>
/// Finds the languages of a post by script and, for Latin script, by function words, and cuts the views the English
/// and Arabic models read. What renders as nothing is ignored, so appending fillers, format characters, symbol floods
/// or letters of another script cannot take a model's view away from the words that are really there.
/// </summary>
/// <remarks>
/// Links and @-mentions do not count as words (an Arabic tweet's <c>https://t.co/…</c> is not English). A
/// script counts when it has words: any word when it is the script with most letters, or when the script with most
/// letters has no model; at least <see cref="MinorityWords"/> words otherwise, so a stray Latin tag in an Arabic tweet
/// is not sent to the English model on its own.
/// </remarks>
internal static partial class LanguageDetector
{
    /// <summary>Words a script needs beside a majority script that a model reads.</summary>
    public const int MinorityWords = 3;

    // More than this many symbols (emoji, punctuation) without a letter or digit between them is padding, not text.
    private const int PaddingSymbols = 16;

    private static readonly WritingScript[] ScriptsWithModels = [WritingScript.Latin, WritingScript.Arabic];

    /// <summary>Languages and model views of a text (the canonical view of a post).</summary>
    public static LanguageAnalysis Analyze(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<int> letters = stackalloc int[11];
        Span<int> words = stackalloc int[11];
        Count(text, letters, words);

        var majority = WritingScript.Other;
        for (var s = 1; s < letters.Length; s++)
        {
            if (letters[s] > letters[(int)majority])
            {
                majority = (WritingScript)s;
            }
        }

        if (letters[(int)majority] == 0)
        {
            return new LanguageAnalysis([], []);
        }

        var majorityHasModel = Array.IndexOf(ScriptsWithModels, majority) >= 0;
        var found = new List<(string Language, int Letters)>();
        var views = new List<LanguageView>();
        for (var s = 1; s < letters.Length; s++)
        {
            var script = (WritingScript)s;
            var needed = script == majority || !majorityHasModel ? 1 : MinorityWords;
            var wordsOfScript = script is WritingScript.Han or WritingScript.Kana or WritingScript.Thai
                ? letters[s] / 2 // no spaces between words: two characters count as a word
                : words[s];
            if (wordsOfScript < needed)
            {
                continue;
            }

            if (script == WritingScript.Latin)
            {
                var view = BuildView(text, script);
                foreach (var part in SplitByLanguage(view.Text, view.Map))
                {
                    views.Add(part.View);
                    Add(found, part.View.Language, part.Letters);
                }
            }
            else if (script == WritingScript.Arabic)
            {
                var view = BuildView(text, script);
                var language = ArabicScriptLanguage(view.Text);
                views.Add(new LanguageView(language, script, view.Text, view.Map));
                Add(found, language, letters[s]);
            }
            else
            {
                Add(found, OtherLanguage(script, letters), letters[s]);
            }
        }

        found.Sort((a, b) => b.Letters.CompareTo(a.Letters));
        return new LanguageAnalysis(found.ConvertAll(f => f.Language), views);
    }

    private static void Add(List<(string Language, int Letters)> found, string language, int letters)
    {
        var i = found.FindIndex(f => f.Language == language);
        if (i < 0)
        {
            found.Add((language, letters));
        }
        else
        {
            found[i] = (language, found[i].Letters + letters);
        }
    }

    /// <summary>
    /// Latin-script text by language, sentence by sentence: a sentence that clearly reads as one language (its function
    /// words) goes to that language's view, any other sentence to the language of the whole text. Most posts are one
    /// view; a post with an English and a French paragraph becomes an English view (read by the model) and a French one.
    /// </summary>
    private static List<(LanguageView View, int Letters)> SplitByLanguage(string viewText, int[]? map)
    {
        var whole = LatinLanguageProfile.Guess(viewText);
        var sentences = SentenceSplitter.Split(viewText);
        var languages = new string[sentences.Count];
        var uniform = true;
        for (var i = 0; i < sentences.Count; i++)
        {
            languages[i] = sentences.Count == 1 ? whole : LatinLanguageProfile.Clear(viewText.AsSpan(sentences[i].Start, sentences[i].Length)) ?? whole;
            uniform &= languages[i] == languages[0];
        }

        if (sentences.Count == 0 || uniform)
        {
            var language = sentences.Count == 0 ? whole : languages[0];
            return [(new LanguageView(language, WritingScript.Latin, viewText, map), CountLetters(viewText))];
        }

        var parts = new List<(LanguageView, int)>();
        foreach (var language in languages.Distinct())
        {
            var text = new StringBuilder(viewText.Length);
            var partMap = new List<int>(viewText.Length);
            var previous = -2;
            for (var i = 0; i < sentences.Count; i++)
            {
                if (languages[i] != language)
                {
                    continue;
                }

                // Neighbouring sentences keep the text between them; others are joined by a line break that maps to
                // the start of the next one.
                var from = sentences[i].Start;
                if (previous == i - 1)
                {
                    from = sentences[previous].End;
                }
                else if (text.Length > 0)
                {
                    text.Append('\n');
                    partMap.Add(map is null ? sentences[i].Start : map[sentences[i].Start]);
                }

                previous = i;
                for (var k = from; k < sentences[i].End; k++)
                {
                    text.Append(viewText[k]);
                    partMap.Add(map is null ? k : map[k]);
                }
            }

            var partText = text.ToString();
            parts.Add((new LanguageView(language, WritingScript.Latin, partText, [.. partMap]), CountLetters(partText)));
        }

        return parts;
    }

    private static int CountLetters(string text)
    {
        var n = 0;
        foreach (var c in text)
        {
            n += char.IsLetter(c) ? 1 : 0;
        }

        return n;
    }

    /// <summary>The Arabic model's view of a text (training reads rows as the service does).</summary>
    internal static string ArabicViewText(string text) => BuildView(text, WritingScript.Arabic).Text;

    /// <summary>True when at least half of the letters are Arabic script (for picking Arabic training rows).</summary>
    public static bool IsMostlyArabic(ReadOnlySpan<char> text)
    {
        int all = 0, arabic = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var script = CharacterScripts.Of(rune);
            if (Rune.IsLetter(rune))
            {
                all++;
                arabic += script == WritingScript.Arabic ? 1 : 0;
            }
        }

        return all > 0 && arabic * 2 >= all;
    }

    private static void Count(string text, Span<int> letters, Span<int> words)
    {
        var index = 0;
        var wordScript = WritingScript.Other;
        var wordLetters = 0;
        while (index < text.Length)
        {
            if (IsTokenStart(text, index) && IsLink(text.AsSpan(index)))
            {
                index = TokenEnd(text, index);
                continue;
            }

            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            index += consumed;
            var script = CharacterScripts.Of(rune);
            if (script != WritingScript.Other && Rune.IsLetter(rune))
            {
                letters[(int)script]++;
                if (script != wordScript)
                {
                    EndWord(words, wordScript, wordLetters);
                    wordScript = script;
                    wordLetters = 0;
                }

                wordLetters++;
            }
            else if (!CharacterScripts.IsMark(rune) && !CharacterScripts.IsInvisible(rune))
            {
                EndWord(words, wordScript, wordLetters);
                wordScript = WritingScript.Other;
                wordLetters = 0;
            }
        }

        EndWord(words, wordScript, wordLetters);
    }

    private static void EndWord(Span<int> words, WritingScript script, int wordLetters)
    {
        if (script != WritingScript.Other && wordLetters >= 2)
        {
            words[(int)script]++;
        }
    }

    private static bool IsTokenStart(string text, int index) => index == 0 || char.IsWhiteSpace(text[index - 1]);

    // Links and mentions name things; they are not words of the post's language.
    private static bool IsLink(ReadOnlySpan<char> s) =>
        s[0] == '@'
        || s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    private static int TokenEnd(string text, int index)
    {
        while (index < text.Length && !char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }

    // Persian and Urdu write with Arabic letters plus a few of their own; the Arabic model is trained on Arabic.
    private static string ArabicScriptLanguage(string view)
    {
        int letters = 0, persian = 0, urdu = 0;
        foreach (var c in view)
        {
            if (c is >= '\u0600' and <= '\u06FF' && char.IsLetter(c))
            {
                letters++;
                persian += c is '\u067E' or '\u0686' or '\u0698' or '\u06AF' or '\u06A9' or '\u06CC' ? 1 : 0;
                urdu += c is '\u0679' or '\u0688' or '\u0691' or '\u06BA' or '\u06D2' or '\u06C1' ? 1 : 0;
            }
        }

        if (urdu >= 2 && urdu * 33 > letters)
        {
            return "ur";
        }

        return persian >= 3 && persian * 25 > letters ? "fa" : "ar";
    }

    private static string OtherLanguage(WritingScript script, ReadOnlySpan<int> letters) => script switch
    {
        WritingScript.Cyrillic => "ru",
        WritingScript.Greek => "el",
        WritingScript.Hebrew => "he",
        WritingScript.Han => letters[(int)WritingScript.Kana] > 0 ? "ja" : "zh",
        WritingScript.Kana => "ja",
        WritingScript.Hangul => "ko",
        WritingScript.Devanagari => "hi",
        WritingScript.Thai => "th",
        _ => "und",
    };
}
