using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.ML.Tokenizers;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// The normalisation step of Hugging Face's uncased BERT tokenizer (the Rust <c>tokenizers</c> BertNormalizer that
/// sentence-transformers runs): clean text, space out CJK ideographs, strip accents, lower-case.
/// </summary>
/// <remarks>
/// Replaces the library's own BertNormalizer, which differs from the reference: it deletes tabs and newlines instead of
/// turning them into spaces (gluing the words on either side together), keeps format characters such as zero-width
/// joiners and bidi marks, removes spacing combining marks, lower-cases only upper-case letters, and recomposes to NFC.
/// Per-character lower-casing after stripping accents is what the reference does too (so a final capital sigma becomes
/// σ, not ς, and İ becomes i).
/// </remarks>
internal sealed class BertBasicNormalizer : Normalizer
{
    public static BertBasicNormalizer Instance { get; } = new();

    private BertBasicNormalizer()
    {
    }

    public override string Normalize(string original) => Normalize(original.AsSpan());

    public override string Normalize(ReadOnlySpan<char> original)
    {
        if (original.IsEmpty)
        {
            return string.Empty;
        }

        // A CJK ideograph of one UTF-16 unit grows to three (space, ideograph, space): three times the input always fits.
        char[] buffer = ArrayPool<char>.Shared.Rent(original.Length * 3);
        string decomposed;
        try
        {
            int length = CleanAndSpaceCjk(original, buffer);

            // Accents are stripped by decomposing and dropping the non-spacing marks. ICU does the decomposition:
            // with invariant globalisation this would silently do nothing (MiniLmTokenizer refuses to start then).
            decomposed = new string(buffer, 0, length).Normalize(NormalizationForm.FormD);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }

        // Dropping marks only shortens; lower-casing maps a code point to one of the same UTF-16 length.
        buffer = ArrayPool<char>.Shared.Rent(decomposed.Length);
        try
        {
            int length = StripMarksAndLowerCase(decomposed, buffer);
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int CleanAndSpaceCjk(ReadOnlySpan<char> text, Span<char> destination)
    {
        int written = 0;
        int index = 0;
        while (index < text.Length)
        {
            // A lone surrogate decodes as invalid: the reference cannot even hold one, so it is dropped like a control.
            OperationStatus status = Rune.DecodeFromUtf16(text[index..], out Rune rune, out int consumed);
            index += consumed;
            if (status != OperationStatus.Done || rune.Value is 0 or 0xFFFD)
            {
                continue;
            }

            if (rune.Value is '\t' or '\n' or '\r')
            {
                destination[written++] = ' ';
                continue;
            }

            if (IsOther(Rune.GetUnicodeCategory(rune)))
            {
                continue;
            }

            if (Rune.IsWhiteSpace(rune))
            {
                destination[written++] = ' ';
                continue;
            }

            bool cjk = IsCjkIdeograph(rune.Value);
            if (cjk)
            {
                destination[written++] = ' ';
            }

            written += rune.EncodeToUtf16(destination[written..]);
            if (cjk)
            {
                destination[written++] = ' ';
            }
        }

        return written;
    }

    private static int StripMarksAndLowerCase(ReadOnlySpan<char> text, Span<char> destination)
    {
        int written = 0;
        int index = 0;
        while (index < text.Length)
        {
            _ = Rune.DecodeFromUtf16(text[index..], out Rune rune, out int consumed);
            index += consumed;
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            written += Rune.ToLowerInvariant(rune).EncodeToUtf16(destination[written..]);
        }

        return written;
    }

    // The reference's "control" is every "Other" category (Cc, Cf, Cn, Co; Cs cannot occur in its strings).
    private static bool IsOther(UnicodeCategory category) => category is UnicodeCategory.Control
        or UnicodeCategory.Format
        or UnicodeCategory.OtherNotAssigned
        or UnicodeCategory.PrivateUse
        or UnicodeCategory.Surrogate;

    internal static bool IsCjkIdeograph(int codePoint) => codePoint switch
    {
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x20000 and <= 0x2A6DF => true,
        >= 0x2A700 and <= 0x2B73F => true,
        >= 0x2B740 and <= 0x2B81F => true,
        >= 0x2B820 and <= 0x2CEAF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0x2F800 and <= 0x2FA1F => true,
        _ => false,
    };
}
