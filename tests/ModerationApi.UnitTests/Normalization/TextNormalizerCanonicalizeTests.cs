using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.Normalization;

public sealed class TextNormalizerCanonicalizeTests
{
    private readonly TextNormalizer _normalizer = new();

    [Fact]
    public void Plain_ascii_is_returned_as_is()
    {
        const string original = "Send 0.5 XMR to 4AdUndXHHZ6cfufTMvppY6JwXNouMBzSkbLYfpAV5Usx";

        NormalizedText result = _normalizer.Canonicalize(original);

        Assert.Same(original, result.Text);
        Assert.Equal((5, 8), result.MapToOriginal(5, 8));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, original.Length));
    }

    [Fact]
    public void Fullwidth_letters_fold_to_ascii_keeping_case()
    {
        NormalizedText result = _normalizer.Canonicalize("ＤＡＥＳＨ ｄａｅｓｈ");

        Assert.Equal("DAESH daesh", result.Text);
        Assert.Equal(TextTransforms.Compatibility, result.TransformsIn(0, 5));
    }

    [Fact]
    public void Leet_spacing_and_repeats_are_left_for_the_folded_view()
    {
        NormalizedText result = _normalizer.Canonicalize("d0n@te M o n e r o khilaaaafah é");

        Assert.Equal("d0n@te M o n e r o khilaaaafah é", result.Text);
    }

    [Fact]
    public void Cyrillic_look_alikes_in_a_latin_word_fold_keeping_case()
    {
        NormalizedText result = _normalizer.Canonicalize("D\u0410\u0415SH d\u0430\u0435sh");

        Assert.Equal("DAESH daesh", result.Text);
        Assert.Equal(TextTransforms.Confusable, result.TransformsIn(1, 3));
        Assert.Equal(TextTransforms.None, result.TransformsIn(3, 5));
    }

    [Fact]
    public void Greek_look_alikes_in_a_latin_word_fold()
    {
        NormalizedText result = _normalizer.Canonicalize("H\u0391M\u0391S");

        Assert.Equal("HAMAS", result.Text);
        Assert.Equal(TextTransforms.Confusable, result.TransformsIn(1, 2));
    }

    [Fact]
    public void A_word_of_only_look_alikes_in_latin_text_folds()
    {
        NormalizedText result = _normalizer.Canonicalize("donate to \u0501\u0430\u0435\u0455\u04BB");

        Assert.Equal("donate to daesh", result.Text);
        Assert.Equal(TextTransforms.Confusable, result.TransformsIn(10, 15));
    }

    [Theory]
    [InlineData("Привет мир")]
    [InlineData("сахар")]
    [InlineData("сахар и соль")]
    [InlineData("Καλημέρα κόσμε")]
    [InlineData("και")]
    [InlineData("donate to \u0501\u0430\u0435\u0455\u04BB, привет")]
    public void Genuine_russian_and_greek_stay_untouched(string original)
    {
        NormalizedText result = _normalizer.Canonicalize(original);

        Assert.Equal(original, result.Text);
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, result.Text.Length));
    }

    [Fact]
    public void Zero_width_characters_and_soft_hyphens_are_removed()
    {
        NormalizedText result = _normalizer.Canonicalize("bc1q\u200Bxy\u00ADz\uFEFF9");

        Assert.Equal("bc1qxyz9", result.Text);
        Assert.Equal((5, 6), result.MapToOriginal(4, 5));
        Assert.Equal(TextTransforms.ZeroWidth, result.TransformsIn(4, 5));
        Assert.Equal(TextTransforms.None, result.TransformsIn(5, 6));
    }

    [Fact]
    public void Bidi_controls_are_removed_and_flag_the_chars_after_them_or_the_last_char()
    {
        NormalizedText result = _normalizer.Canonicalize("\u202Edaesh\u202C");

        Assert.Equal("daesh", result.Text);
        Assert.Equal((1, 6), result.MapToOriginal(0, 5));
        Assert.Equal(TextTransforms.Bidi, result.TransformsIn(0, 1));
        Assert.Equal(TextTransforms.None, result.TransformsIn(1, 4));
        Assert.Equal(TextTransforms.Bidi, result.TransformsIn(4, 5));
    }

    [Fact]
    public void Mathematical_letters_fold_and_each_maps_to_its_whole_surrogate_pair()
    {
        NormalizedText result = _normalizer.Canonicalize("𝐝𝐚𝐞𝐬𝐡");

        Assert.Equal("daesh", result.Text);
        Assert.Equal((0, 2), result.MapToOriginal(0, 1));
        Assert.Equal((8, 10), result.MapToOriginal(4, 5));
    }

    [Fact]
    public void Emoji_are_kept_and_never_split()
    {
        NormalizedText result = _normalizer.Canonicalize("hi 😀");

        Assert.Equal("hi 😀", result.Text);
        Assert.Equal((3, 5), result.MapToOriginal(3, 4));
        Assert.Equal((3, 5), result.MapToOriginal(4, 5));
        Assert.Equal(TextTransforms.None, result.TransformsIn(3, 5));
    }

    [Fact]
    public void A_ligature_expands_and_both_letters_map_to_it()
    {
        NormalizedText result = _normalizer.Canonicalize("\uFB01ne");

        Assert.Equal("fine", result.Text);
        Assert.Equal((0, 1), result.MapToOriginal(0, 1));
        Assert.Equal((0, 1), result.MapToOriginal(1, 2));
        Assert.Equal((0, 2), result.MapToOriginal(1, 3));
        Assert.Equal(TextTransforms.None, result.TransformsIn(2, 4));
    }

    [Fact]
    public void A_mark_separated_from_its_letter_by_a_zero_width_space_still_composes()
    {
        NormalizedText result = _normalizer.Canonicalize("e\u200B\u0301");

        Assert.Equal("\u00E9", result.Text);
        Assert.Equal((0, 3), result.MapToOriginal(0, 1));
        Assert.Equal(TextTransforms.Compatibility | TextTransforms.ZeroWidth, result.TransformsIn(0, 1));
    }

    [Fact]
    public void Halfwidth_katakana_with_a_voicing_mark_composes()
    {
        NormalizedText result = _normalizer.Canonicalize("\uFF76\uFF9E");

        Assert.Equal("\u30AC", result.Text);
        Assert.Equal((0, 2), result.MapToOriginal(0, 1));
    }

    [Fact]
    public void A_folded_look_alike_composes_with_the_mark_after_it()
    {
        // Greek Epsilon + cedilla has no precomposed form, Latin E + cedilla is U+0228.
        NormalizedText result = _normalizer.Canonicalize("D\u0395\u0327");

        Assert.Equal("D\u0228", result.Text);
        Assert.Equal((1, 3), result.MapToOriginal(1, 2));
        Assert.Equal(TextTransforms.Confusable | TextTransforms.Compatibility, result.TransformsIn(1, 2));
    }

    [Fact]
    public void Zalgo_text_past_the_stream_safe_limit_stays_idempotent_and_consistent()
    {
        string original = "a" + string.Concat(Enumerable.Repeat("\u0301\u0316", 10_000)) + "b";

        NormalizedText once = _normalizer.Canonicalize(original);
        NormalizedText twice = _normalizer.Canonicalize(once.Text);

        Assert.Equal(once.Text, twice.Text);
        Assert.Equal(original.Length, once.Text.Length);
        OffsetMapAssert.LocalSpansConsistent(once);
    }

    [Fact]
    public void A_lone_surrogate_is_kept()
    {
        NormalizedText result = _normalizer.Canonicalize("a\uD800b");

        Assert.Equal("a\uD800b", result.Text);
        Assert.Equal((1, 2), result.MapToOriginal(1, 2));
    }

    [Fact]
    public void Empty_text_stays_empty()
    {
        NormalizedText result = _normalizer.Canonicalize(string.Empty);

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal((0, 0), result.MapToOriginal(0, 0));
    }
}
