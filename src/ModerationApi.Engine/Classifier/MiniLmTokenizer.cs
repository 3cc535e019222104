using System.Text;
using Microsoft.ML.Tokenizers;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Turns text into the model's input ids exactly as the Hugging Face reference does for all-MiniLM-L6-v2 (uncased
/// WordPiece, [CLS] … [SEP], truncation to a token budget). Thread-safe; one instance serves the process.
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers' <see cref="BertTokenizer"/> does the word-piece step; normalisation and pre-tokenisation are
/// <see cref="BertBasicNormalizer"/> and <see cref="BertBasicPreTokenizer"/>, because the library's own ones drop
/// symbols and emoji and glue lines together where the reference emits [UNK] or splits.
/// The library limits words to 100 UTF-16 units where the reference counts code points; both give [UNK] for every word
/// where they differ, because no vocabulary entry lies outside the Basic Multilingual Plane.
/// One deliberate difference: the reference matches special-token text such as "[SEP]" inside a post as the special
/// token; here it is tokenised as text ("[", "sep", "]"), so users cannot inject control tokens.
/// </remarks>
internal sealed class MiniLmTokenizer : ITokenCounter
{
    private readonly BertTokenizer _tokenizer;

    private MiniLmTokenizer(BertTokenizer tokenizer)
    {
        _tokenizer = tokenizer;
        ClassificationTokenId = tokenizer.ClassificationTokenId;
        SeparatorTokenId = tokenizer.SeparatorTokenId;
        MaxInputCharsPerWord = tokenizer.MaxInputCharsPerWord;
    }

    public int ClassificationTokenId { get; }

    public int SeparatorTokenId { get; }

    private int MaxInputCharsPerWord { get; }

    /// <summary>Builds the tokenizer from a BERT vocab.txt stream (one token a line, id = line number).</summary>
    public static MiniLmTokenizer Create(Stream vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        EnsureUnicodeNormalizationWorks();

        BertOptions options = new()
        {
            Normalizer = BertBasicNormalizer.Instance,
            PreTokenizer = BertBasicPreTokenizer.Instance,
            SplitOnSpecialTokens = false,
        };
        return new MiniLmTokenizer(BertTokenizer.Create(vocabulary, options));
    }

    /// <summary>
    /// Writes [CLS], the text's tokens and [SEP] to <paramref name="destination"/>, keeping the first
    /// <c>destination.Length - 2</c> tokens of a longer text, and returns the number of ids written.
    /// </summary>
    public int Encode(ReadOnlySpan<char> text, Span<int> destination)
    {
        if (destination.Length < 2)
        {
            throw new ArgumentException("Room for at least [CLS] and [SEP] is needed.", nameof(destination));
        }

        int budget = destination.Length - 2;
        destination[0] = ClassificationTokenId;
        int written = 1;
        if (budget > 0 && !text.IsEmpty)
        {
            // The library truncates at word boundaries (it drops a whole word whose pieces do not all fit); the reference
            // cuts inside the word. A word yields at most MaxInputCharsPerWord pieces, so asking for that many more than
            // the budget keeps every token the reference keeps, and the copy below cuts at the exact token.
            IReadOnlyList<int> ids = _tokenizer.EncodeToIds(
                text,
                budget + MaxInputCharsPerWord,
                addSpecialTokens: false,
                out _,
                out _);
            int count = Math.Min(ids.Count, budget);
            for (int i = 0; i < count; i++)
            {
                destination[written++] = ids[i];
            }
        }

        destination[written++] = SeparatorTokenId;
        return written;
    }

    /// <inheritdoc />
    public int CountTokens(ReadOnlySpan<char> text) =>
        text.IsEmpty ? 0 : _tokenizer.EncodeToIds(text, addSpecialTokens: false).Count;

    private static void EnsureUnicodeNormalizationWorks()
    {
        // With InvariantGlobalization (common in slim container images) decomposition is a no-op, and café, São or
        // Montréal silently become [UNK]. Refuse to start rather than embed them wrongly.
        if ("\u00e9".Normalize(NormalizationForm.FormD).Length != 2)
        {
            throw new InvalidOperationException(
                "Unicode normalisation is unavailable (InvariantGlobalization or DOTNET_SYSTEM_GLOBALIZATION_INVARIANT is on); "
                + "the tokenizer cannot strip accents. Keep ICU (libicu) in the image and InvariantGlobalization=false.");
        }
    }
}
