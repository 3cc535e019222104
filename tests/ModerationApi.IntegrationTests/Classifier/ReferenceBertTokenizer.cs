using System.Globalization;
using System.Text;

namespace ModerationApi.IntegrationTests.Classifier;

/// <summary>
/// An independent, deliberately plain re-implementation of the Hugging Face uncased BERT tokenizer as run by
/// sentence-transformers (the Rust <c>tokenizers</c> BertNormalizer, BertPreTokenizer and WordPiece), written from its
/// description rather than from the production code, to check the production tokenizer against.
/// </summary>
/// <remarks>
/// Steps: clean (drop U+0000, U+FFFD and every C* character except tab, newline and carriage return, which become
/// spaces like all other whitespace); pad CJK ideographs with spaces; split at whitespace; per word: NFD, drop Mn,
/// lower-case each code point; split off punctuation (ASCII 33–47, 58–64, 91–96, 123–126 and Unicode P*); greedy
/// longest-match WordPiece with ## continuations, a word over 100 code points or with any unmatched rest is one [UNK];
/// keep the first maxLength − 2 pieces between [CLS] and [SEP].
/// </remarks>
public sealed class ReferenceBertTokenizer
{
    private const int MaxCodePointsPerWord = 100;
    private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);

    public ReferenceBertTokenizer(IReadOnlyList<string> vocabularyLines)
    {
        for (int id = 0; id < vocabularyLines.Count; id++)
        {
            if (vocabularyLines[id].Length > 0)
            {
                _vocabulary.TryAdd(vocabularyLines[id], id);
            }
        }
    }

    public int Id(string token) => _vocabulary[token];

    public List<int> Encode(string text, int maxLength)
    {
        List<int> pieces = [];
        foreach (string word in BasicTokenize(text))
        {
            pieces.AddRange(WordPiece(word));
        }

        List<int> ids = [Id("[CLS]")];
        ids.AddRange(pieces.Take(maxLength - 2));
        ids.Add(Id("[SEP]"));
        return ids;
    }

    public int CountPieces(string text) => BasicTokenize(text).Sum(word => WordPiece(word).Count);

    private static List<string> BasicTokenize(string text)
    {
        StringBuilder cleaned = new();
        foreach (Rune rune in text.EnumerateRunes())
        {
            int cp = rune.Value;
            if (cp is 0 or 0xFFFD || (cp is not (9 or 10 or 13) && IsOtherCategory(CharUnicodeInfo.GetUnicodeCategory(cp))))
            {
                continue;
            }

            if (IsWhiteSpaceProperty(cp))
            {
                cleaned.Append(' ');
            }
            else if (IsCjk(cp))
            {
                cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            }
            else
            {
                cleaned.Append(rune.ToString());
            }
        }

        List<string> tokens = [];
        foreach (string word in cleaned.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string folded = FoldWord(word);
            StringBuilder current = new();
            foreach (Rune rune in folded.EnumerateRunes())
            {
                if (IsPunctuation(rune.Value))
                {
                    if (current.Length > 0)
                    {
                        tokens.Add(current.ToString());
                        current.Clear();
                    }

                    tokens.Add(rune.ToString());
                }
                else
                {
                    current.Append(rune.ToString());
                }
            }

            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
            }
        }

        return tokens;
    }

    private static string FoldWord(string word)
    {
        StringBuilder stripped = new();
        foreach (Rune rune in word.Normalize(NormalizationForm.FormD).EnumerateRunes())
        {
            if (CharUnicodeInfo.GetUnicodeCategory(rune.Value) != UnicodeCategory.NonSpacingMark)
            {
                stripped.Append(rune.ToString());
            }
        }

        return stripped.ToString().ToLowerInvariant();
    }

    private List<int> WordPiece(string word)
    {
        int[] codePoints = word.EnumerateRunes().Select(r => r.Value).ToArray();
        if (codePoints.Length > MaxCodePointsPerWord)
        {
            return [Id("[UNK]")];
        }

        List<int> ids = [];
        int start = 0;
        while (start < codePoints.Length)
        {
            int? match = null;
            int end = codePoints.Length;
            for (; end > start; end--)
            {
                string piece = string.Concat(codePoints[start..end].Select(char.ConvertFromUtf32));
                if (start > 0)
                {
                    piece = "##" + piece;
                }

                if (_vocabulary.TryGetValue(piece, out int id))
                {
                    match = id;
                    break;
                }
            }

            if (match is null)
            {
                return [Id("[UNK]")];
            }

            ids.Add(match.Value);
            start = end;
        }

        return ids;
    }

    // Unicode's White_Space property (PropList.txt), which Rust's char::is_whitespace implements.
    private static bool IsWhiteSpaceProperty(int cp) =>
        cp is (>= 0x09 and <= 0x0D) or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A)
            or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    private static bool IsOtherCategory(UnicodeCategory category) => category is UnicodeCategory.Control
        or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    private static bool IsPunctuation(int cp) =>
        (cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)
        || CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;

    private static bool IsCjk(int cp) =>
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
        || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}
