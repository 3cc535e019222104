using System.Buffers;
using System.Runtime.CompilerServices;
using ModerationApi.Engine.Normalization;

namespace ModerationApi.Engine.Classifier.Hashed;

/// <summary>
/// Hashed features of a text for the <see cref="HashedNgramModel"/>s (the Arabic model, the encoder screen): word
/// unigrams and bigrams and character 2–5-grams of each word (with word-boundary marks), over the text folded as the
/// rules fold it (lower case, accents and confusables folded; alef, yeh and teh-marbuta variants, tatweel and harakat
/// removed, Arabic-Indic digits read as ASCII).
/// </summary>
/// <remarks>
/// Links and @-mentions are skipped: in the training data they identify sources and years, not stance. Digits all
/// read as 0 and runs of three or more identical letters as two, so elongation (<c>ههههه</c>) and dates do not make
/// new features. Hashtags are read as words (<c>#الدولة_الإسلامية</c> as the two words), or dropped whole when
/// <c>stripHashtags</c> is set (the evaluation's check of the hashtag shortcut). No string is made per word or
/// n-gram: hashes are computed over spans of one pooled buffer.
/// </remarks>
internal static class HashedNgramFeatures
{
    private const uint WordSeed = 0x9E3779B1;
    private const uint BigramSeed = 0x85EBCA77;
    private const uint CharSeed = 0xC2B2AE3D;
    private const int MinGram = 2;
    private const int MaxGram = 5;

    /// <summary>An upper bound on the number of features <see cref="Extract"/> writes for a text of this length.</summary>
    public static int MaxFeatures(int textLength) => (textLength * 8) + 16;

    /// <summary>
    /// Writes the bucket of every feature of <paramref name="text"/> into <paramref name="features"/> (at least
    /// <see cref="MaxFeatures"/> long) and returns how many were written; buckets repeat when features do.
    /// </summary>
    public static int Extract(ReadOnlySpan<char> text, bool stripHashtags, int bucketMask, Span<int> features)
    {
        var rented = ArrayPool<char>.Shared.Rent(text.Length + 2);
        try
        {
            var folded = Fold(text, stripHashtags, rented);
            return Hash(rented.AsSpan(0, folded), bucketMask, features);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Folds into <paramref name="destination"/>: words separated by single spaces; returns the length.</summary>
    internal static int Fold(ReadOnlySpan<char> text, bool stripHashtags, Span<char> destination)
    {
        var length = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var atWordStart = i == 0 || char.IsWhiteSpace(text[i - 1]);
            if (atWordStart && (StartsLink(text[i..]) || c == '@' || (stripHashtags && c is '#' or '＃')))
            {
                // Links, mentions and (when stripping) hashtags run to the next whitespace.
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                continue;
            }

            i++;
            var f = CharFoldPass.FoldChar(c);
            if (f < 0)
            {
                continue;
            }

            var folded = (char)f;
            if (char.IsDigit(folded))
            {
                folded = '0';
            }
            else if (!char.IsLetter(folded))
            {
                // Punctuation, emoji, '#' and the '_' of hashtags end a word.
                if (length > 0 && destination[length - 1] != ' ')
                {
                    destination[length++] = ' ';
                }

                continue;
            }

            if (length >= 2 && destination[length - 1] == folded && destination[length - 2] == folded)
            {
                continue;
            }

            destination[length++] = folded;
        }

        if (length > 0 && destination[length - 1] == ' ')
        {
            length--;
        }

        return length;
    }

    private static bool StartsLink(ReadOnlySpan<char> s) =>
        s.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || s.StartsWith("www.", StringComparison.OrdinalIgnoreCase);

    private static int Hash(ReadOnlySpan<char> folded, int bucketMask, Span<int> features)
    {
        var count = 0;
        var previousWord = 0u;
        var hasPrevious = false;
        var start = 0;
        while (start < folded.Length)
        {
            var end = folded[start..].IndexOf(' ');
            end = end < 0 ? folded.Length : start + end;
            var word = folded[start..end];
            var wordHash = Fnv(word, WordSeed);
            features[count++] = (int)(Mix(wordHash) & (uint)bucketMask);
            if (hasPrevious)
            {
                features[count++] = (int)(Mix((previousWord * 0x01000193u) ^ wordHash ^ BigramSeed) & (uint)bucketMask);
            }

            previousWord = wordHash;
            hasPrevious = true;
            count += CharGrams(word, bucketMask, features[count..]);
            start = end + 1;
        }

        return count;
    }

    // Character n-grams of "<word>", where '<' and '>' mark the word's edges (fastText's convention).
    private static int CharGrams(ReadOnlySpan<char> word, int bucketMask, Span<int> features)
    {
        var count = 0;
        var bounded = word.Length + 2;
        for (var n = MinGram; n <= MaxGram && n <= bounded; n++)
        {
            for (var s = 0; s + n <= bounded; s++)
            {
                var h = CharSeed ^ (uint)n;
                for (var k = s; k < s + n; k++)
                {
                    h = Step(h, k == 0 ? '<' : k == bounded - 1 ? '>' : word[k - 1]);
                }

                features[count++] = (int)(Mix(h) & (uint)bucketMask);
            }
        }

        return count;
    }

    private static uint Fnv(ReadOnlySpan<char> s, uint seed)
    {
        var h = 2166136261u ^ seed;
        foreach (var c in s)
        {
            h = Step(h, c);
        }

        return h;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Step(uint h, char c) => (h ^ c) * 16777619u;

    // murmur3's finaliser: FNV alone leaves the low bits, which pick the bucket, poorly mixed.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Mix(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return h;
    }
}
