using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// BERT's pre-tokenisation: split at whitespace, and make every punctuation character a word of its own, where
/// punctuation is ASCII 33–47, 58–64, 91–96, 123–126 plus the Unicode P* categories.
/// </summary>
/// <remarks>
/// Replaces the library's <c>\w+|\p{P}</c> pre-tokenizer, which silently drops everything that is neither a word
/// character nor Unicode punctuation: the ASCII symbols <c>$ + &lt; = &gt; ^ | ~ `</c>, emoji, currency and maths
/// symbols. The reference keeps those (as [UNK] or as word pieces), and they carry meaning in posts.
/// </remarks>
internal sealed class BertBasicPreTokenizer : PreTokenizer
{
    public static BertBasicPreTokenizer Instance { get; } = new();

    private BertBasicPreTokenizer()
    {
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => PreTokenize(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text)
    {
        List<(int Offset, int Length)> words = [];
        int wordStart = -1;
        int index = 0;
        while (index < text.Length)
        {
            _ = Rune.DecodeFromUtf16(text[index..], out Rune rune, out int consumed);
            if (Rune.IsWhiteSpace(rune) || IsPunctuation(rune))
            {
                if (wordStart >= 0)
                {
                    words.Add((wordStart, index - wordStart));
                    wordStart = -1;
                }

                if (!Rune.IsWhiteSpace(rune))
                {
                    words.Add((index, consumed));
                }
            }
            else if (wordStart < 0)
            {
                wordStart = index;
            }

            index += consumed;
        }

        if (wordStart >= 0)
        {
            words.Add((wordStart, text.Length - wordStart));
        }

        return words;
    }

    internal static bool IsPunctuation(Rune rune) => rune.Value switch
    {
        >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126 => true,
        _ => Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation
            or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation,
    };
}
