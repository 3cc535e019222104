using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.Normalization;

public sealed class TextNormalizerPropertyTests
{
    private readonly TextNormalizer _normalizer = new();

    [Fact]
    public void Fold_maps_every_span_inside_the_original_monotonically_without_splitting_surrogates() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.Post, post => OffsetMapAssert.AllSpansConsistent(_normalizer.Fold(post)));

    [Fact]
    public void Canonicalize_maps_every_span_inside_the_original_monotonically_without_splitting_surrogates() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.Post, post => OffsetMapAssert.AllSpansConsistent(_normalizer.Canonicalize(post)));

    [Fact]
    public void Fold_characters_without_transforms_are_lower_cased_copies_of_their_original() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.Post, post => OffsetMapAssert.UntouchedCharsAreCopies(_normalizer.Fold(post), lowerCased: true));

    [Fact]
    public void Canonicalize_characters_without_transforms_are_exact_copies_of_their_original() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.Post, post => OffsetMapAssert.UntouchedCharsAreCopies(_normalizer.Canonicalize(post), lowerCased: false));

    [Fact]
    public void Canonicalize_is_idempotent_on_its_own_output() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.Post, post =>
        {
            string once = _normalizer.Canonicalize(post).Text;
            Assert.Equal(PropertyCheck.Escape(once), PropertyCheck.Escape(_normalizer.Canonicalize(once).Text));
        });

    [Fact]
    public void Fold_output_has_no_invisible_characters_and_only_single_spaces() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.Post, post =>
        {
            string text = _normalizer.Fold(post).Text;
            Assert.DoesNotContain("  ", text, StringComparison.Ordinal);
            foreach (char c in text)
            {
                Assert.False(char.IsWhiteSpace(c) && c != ' ', $"whitespace U+{(int)c:X4} left");
                Assert.False(c is '\u200B' or '\u200D' or '\u200E' or '\u202E' or '\uFEFF' or '\u00AD' or '\u0640', $"U+{(int)c:X4} left");
            }
        });

    [Fact]
    public void Long_posts_keep_a_consistent_map_in_both_views() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.LongPost, post =>
        {
            NormalizedText folded = _normalizer.Fold(post);
            OffsetMapAssert.LocalSpansConsistent(folded);
            OffsetMapAssert.UntouchedCharsAreCopies(folded, lowerCased: true);

            NormalizedText canonical = _normalizer.Canonicalize(post);
            OffsetMapAssert.LocalSpansConsistent(canonical);
            OffsetMapAssert.UntouchedCharsAreCopies(canonical, lowerCased: false);
        });

    [Fact]
    public void The_vectorised_skip_in_the_spacing_pass_stops_where_the_char_by_char_rule_does() =>
        PropertyCheck.ForAll(ObfuscatedTextGen.LongPost, post =>
        {
            for (int from = 0; from <= post.Length; from++)
            {
                int expected = from;
                while (expected < post.Length && !SpacingPass.IsInteresting(post, expected))
                {
                    expected++;
                }

                Assert.Equal(expected, SpacingPass.FindInteresting(post, from));
            }
        });
}
