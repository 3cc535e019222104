using System.Collections.Frozen;

namespace ModerationApi.Engine.Languages;

/// <summary>
/// Tells which language Latin-script text is in from its most frequent function words and a few letters only one
/// language uses. English wins unless another language has clearly more evidence: text the English model has always
/// read keeps being read by it, and only posts plainly in another language lose the model.
/// </summary>
internal static class LatinLanguageProfile
{
    public const string English = "en";

    // Function words that are frequent in one language and rare as words of English (so "die", "in", "a" are not
    // listed for German, Dutch or Italian).
    private static readonly (string Language, string Words)[] Profiles =
    [
        (English, "the and of to is that it you for was are with this be have not they we on at will from your our all what who my me just but so do if can he she his her them their an or by has there been would about i our us"),
        ("fr", "le la les de des du et est une un dans pour pas que qui sur avec nous vous ils sont ce cette au aux mais ou leur notre votre je tu il elle ne plus par tout fait être à où très sans"),
        ("de", "der das und ist nicht ein eine zu den mit sich des auf für im dem wir ihr sie es auch wie aus bei nach werden unsere unser jetzt oder aber wird sind dass kein gegen euch uns"),
        ("es", "el la los las de del y que en un una por con para es se su sus al lo como más pero nuestro nuestra está son ya este esta hermanos contra"),
        ("it", "il lo la gli della di che è e per con non una sono del nel alla dei le ci questo anche come ma nostro più fratelli contro"),
        ("pt", "os as de da do dos das que em um uma para com não é por mais nosso nossa irmãos são ao na no se contra"),
        ("nl", "de het een en van niet dat die op te zijn voor met wij ons onze ook maar naar deze wordt er tegen"),
        ("tr", "ve bir bu da de için ile değil ama çok gibi olan daha biz siz onlar kardeşler ne mi var yok bizim"),
        ("id", "yang dan di ini itu dengan untuk tidak kita kami akan dari ke pada ada saudara"),
    ];

    private static readonly FrozenDictionary<string, int[]> WordLanguages = BuildIndex();

    /// <summary>The ISO 639-1 code of the text's language, <c>en</c> when nothing says otherwise.</summary>
    public static string Guess(ReadOnlySpan<char> text) => Score(text, out _) ?? English;

    /// <summary>The language when the text says clearly which it is (English included), else null.</summary>
    public static string? Clear(ReadOnlySpan<char> text)
    {
        var other = Score(text, out var english);
        if (other is not null)
        {
            return other;
        }

        // English needs the same margin over the runner-up as the others need over English.
        return english.Score >= 5 && english.Score * 2 > english.RunnerUp * 3 ? English : null;
    }

    // The language other than English that clearly wins, or null; with English's score and the best other score.
    private static string? Score(ReadOnlySpan<char> text, out (int Score, int RunnerUp) english)
    {
        Span<int> scores = stackalloc int[Profiles.Length];
        Span<char> word = stackalloc char[32];
        var lookup = WordLanguages.GetAlternateLookup<ReadOnlySpan<char>>();
        var length = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetter(c) || c == '\'')
            {
                if (length < word.Length)
                {
                    word[length] = char.ToLowerInvariant(c);
                }

                length++;
                Hint(c, scores);
                continue;
            }

            if (length is > 0 and <= 32 && lookup.TryGetValue(word[..length], out var languages))
            {
                foreach (var l in languages)
                {
                    scores[l] += 2;
                }
            }

            length = 0;
        }

        var best = 0;
        var bestOther = 0;
        for (var l = 1; l < scores.Length; l++)
        {
            if (scores[l] > scores[best])
            {
                best = l;
            }

            bestOther = Math.Max(bestOther, scores[l]);
        }

        english = (scores[0], bestOther);

        // Another language needs real evidence (three function words, or two and its letters) and clearly more of
        // it than English.
        return best != 0 && scores[best] >= 5 && scores[best] * 2 > scores[0] * 3 ? Profiles[best].Language : null;
    }

    // Letters that only some of the languages use (after NFKC, in precomposed form).
    private static void Hint(char c, Span<int> scores)
    {
        switch (char.ToLowerInvariant(c))
        {
            case 'ß' or 'ä':
                scores[Index("de")]++;
                break;
            case 'ö' or 'ü':
                scores[Index("de")]++;
                scores[Index("tr")]++;
                break;
            case 'ı' or 'ğ' or 'ş':
                scores[Index("tr")]++;
                break;
            case 'ñ' or '¿' or '¡':
                scores[Index("es")]++;
                break;
            case 'ã' or 'õ':
                scores[Index("pt")]++;
                break;
            case 'è' or 'ê' or 'à' or 'ù' or 'œ' or 'î' or 'û':
                scores[Index("fr")]++;
                break;
            case 'ç':
                scores[Index("fr")]++;
                scores[Index("pt")]++;
                break;
            case 'ò' or 'ì':
                scores[Index("it")]++;
                break;
        }
    }

    private static int Index(string language)
    {
        for (var l = 0; l < Profiles.Length; l++)
        {
            if (Profiles[l].Language == language)
            {
                return l;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(language), language, "no such profile");
    }

    private static FrozenDictionary<string, int[]> BuildIndex()
    {
        var index = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var l = 0; l < Profiles.Length; l++)
        {
            foreach (var w in Profiles[l].Words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!index.TryGetValue(w, out var list))
                {
                    index[w] = list = [];
                }

                if (!list.Contains(l))
                {
                    list.Add(l);
                }
            }
        }

        return index.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal);
    }
}
