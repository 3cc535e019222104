using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.Normalization;

public sealed class TextNormalizerFoldTests
{
    private readonly TextNormalizer _normalizer = new();

    [Fact]
    public void Leetspeak_inside_a_word_is_read_as_letters_and_maps_back_to_all_six_chars()
    {
        NormalizedText result = _normalizer.Fold("d0n@te");

        Assert.Equal("donate", result.Text);
        Assert.Equal((0, 6), result.MapToOriginal(0, 6));
        Assert.Equal(TextTransforms.Leet, result.TransformsIn(0, 6));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, 1));
        Assert.Equal(TextTransforms.Leet, result.TransformsIn(1, 2));
        Assert.Equal((3, 4), result.MapToOriginal(3, 4));
    }

    [Theory]
    [InlineData("h4ck3r", "hacker")]
    [InlineData("k1ll", "kill")]
    [InlineData("$ca|e", "$cale")]
    [InlineData("d0n@te!", "donate!")]
    [InlineData("@user", "@user")]
    public void Leet_symbols_are_read_only_between_word_chars(string original, string expected) =>
        Assert.Equal(expected, _normalizer.Fold(original).Text);

    [Theory]
    [InlineData("2022")]
    [InlineData("#01")]
    [InlineData("in 2022 we paid $500 to #01")]
    public void Standalone_numbers_are_left_alone(string original)
    {
        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal(original, result.Text);
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, result.Text.Length));
    }

    [Fact]
    public void Spaced_letters_are_joined_and_the_word_maps_to_the_whole_original()
    {
        NormalizedText result = _normalizer.Fold("M o n e r o");

        Assert.Equal("monero", result.Text);
        Assert.Equal((0, 11), result.MapToOriginal(0, 6));
        Assert.Equal((2, 3), result.MapToOriginal(1, 2));
        Assert.Equal((10, 11), result.MapToOriginal(5, 6));
        Assert.Equal(TextTransforms.Spacing, result.TransformsIn(0, 6));
    }

    [Theory]
    [InlineData("K-h-i-l-a-f-a-h", "khilafah")]
    [InlineData("d.a.e.s.h", "daesh")]
    [InlineData("d_a_e_s_h", "daesh")]
    [InlineData("d - a - e - s - h", "daesh")]
    [InlineData("send to M 0 n e r 0 now", "send to monero now")]
    public void Hyphenated_dotted_and_underscored_single_letters_are_joined(string original, string expected)
    {
        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal(expected, result.Text);
        Assert.Equal((0, original.Length), result.MapToOriginal(0, result.Text.Length));
    }

    [Theory]
    [InlineData("I am a cat", "i am a cat")]
    [InlineData("a b", "a b")]
    [InlineData("e-mail me at 5 or 6", "e-mail me at 5 or 6")]
    [InlineData("1 2 3 4", "1 2 3 4")]
    public void Ordinary_text_with_fewer_than_three_single_letters_in_a_row_is_not_joined(string original, string expected)
    {
        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal(expected, result.Text);
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, result.Text.Length));
        Assert.Equal((0, original.Length), result.MapToOriginal(0, result.Text.Length));
    }

    [Fact]
    public void Zero_width_space_inside_a_word_is_removed_and_flagged_on_the_next_char()
    {
        NormalizedText result = _normalizer.Fold("da\u200Besh");

        Assert.Equal("daesh", result.Text);
        Assert.Equal((0, 6), result.MapToOriginal(0, 5));
        Assert.Equal((3, 4), result.MapToOriginal(2, 3));
        Assert.True(result.TransformsIn(0, 5).HasFlag(TextTransforms.ZeroWidth));
        Assert.Equal(TextTransforms.ZeroWidth, result.TransformsIn(2, 3));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, 2));
    }

    [Theory]
    [InlineData("the movement\u2019s prisoners")]
    [InlineData("the movement\u2018s prisoners")]
    [InlineData("the movement\u02BCs prisoners")]
    [InlineData("the movement\u2032s prisoners")]
    [InlineData("the movement\u201Bs prisoners")]
    public void Typographic_apostrophes_read_as_the_ascii_one_without_a_transform(string original)
    {
        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal("the movement's prisoners", result.Text);
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, result.Text.Length));
        Assert.Equal((12, 13), result.MapToOriginal(12, 13));
    }

    [Fact]
    public void The_hashed_feature_models_still_see_typographic_apostrophes_as_they_were_trained()
    {
        Assert.Equal('\u2019', CharFoldPass.FoldChar('\u2019'));
        Assert.Equal('e', CharFoldPass.FoldChar('\u00C9'));
    }

    [Fact]
    public void Fullwidth_letters_fold_to_ascii_one_to_one()
    {
        NormalizedText result = _normalizer.Fold("ｄａｅｓｈ");

        Assert.Equal("daesh", result.Text);
        Assert.Equal(TextTransforms.Compatibility, result.TransformsIn(0, 5));
        Assert.Equal((2, 3), result.MapToOriginal(2, 3));
    }

    [Fact]
    public void Cyrillic_look_alikes_inside_a_latin_word_fold_to_latin()
    {
        NormalizedText result = _normalizer.Fold("d\u0430\u0435sh");

        Assert.Equal("daesh", result.Text);
        Assert.Equal(TextTransforms.Confusable, result.TransformsIn(1, 3));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, 1));
    }

    [Fact]
    public void Russian_is_only_lower_cased()
    {
        NormalizedText result = _normalizer.Fold("Привет, как дела?");

        Assert.Equal("привет, как дела?", result.Text);
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, result.Text.Length));
    }

    [Fact]
    public void Arabic_with_harakat_and_tatweel_folds_and_each_letter_keeps_its_marks_in_its_span()
    {
        // الدَّوْلَـــةُ الإِسْلَامِيَّةُ
        const string original =
            "\u0627\u0644\u062F\u064E\u0651\u0648\u0652\u0644\u064E\u0640\u0640\u0640\u0629\u064F " +
            "\u0627\u0644\u0625\u0650\u0633\u0652\u0644\u064E\u0627\u0645\u0650\u064A\u0651\u064E\u0629\u064F";

        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal("الدوله الاسلاميه", result.Text);
        Assert.Equal((0, 31), result.MapToOriginal(0, 16));
        Assert.Equal((7, 12), result.MapToOriginal(4, 5)); // lam + fatha + three tatweel
        Assert.Equal((12, 14), result.MapToOriginal(5, 6)); // teh marbuta + damma, now heh
        Assert.Equal((15, 31), result.MapToOriginal(7, 16));
        Assert.Equal((17, 19), result.MapToOriginal(9, 10)); // alef with hamza below + kasra
        Assert.True(result.TransformsIn(0, 16).HasFlag(TextTransforms.Arabic));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, 2));
    }

    [Theory]
    [InlineData("\u0622\u0644 \u0623\u0644 \u0625\u0644 \u0671\u0644", "\u0627\u0644 \u0627\u0644 \u0627\u0644 \u0627\u0644")]
    [InlineData("\u0639\u0644\u0649", "\u0639\u0644\u064A")]
    public void Arabic_alef_and_yeh_variants_fold(string original, string expected) =>
        Assert.Equal(expected, _normalizer.Fold(original).Text);

    [Theory]
    [InlineData("\u0661\u0669\u0668\u0664", "1984")]
    [InlineData("\u06F2\u06F0\u06F2\u06F5", "2025")]
    public void Arabic_indic_digits_become_ascii_digits(string original, string expected)
    {
        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal(expected, result.Text);
        Assert.Equal(TextTransforms.Arabic, result.TransformsIn(0, 4));
        Assert.Equal((1, 2), result.MapToOriginal(1, 2));
    }

    [Fact]
    public void Precomposed_latin_diacritics_are_stripped()
    {
        NormalizedText result = _normalizer.Fold("café");

        Assert.Equal("cafe", result.Text);
        Assert.Equal(TextTransforms.Diacritics, result.TransformsIn(3, 4));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, 3));
    }

    [Fact]
    public void Decomposed_latin_diacritics_are_stripped_and_the_letter_covers_its_mark()
    {
        NormalizedText result = _normalizer.Fold("cafe\u0301");

        Assert.Equal("cafe", result.Text);
        Assert.Equal((3, 5), result.MapToOriginal(3, 4));
    }

    [Fact]
    public void Runs_of_three_or_more_identical_letters_collapse_to_one_spanning_the_run()
    {
        NormalizedText result = _normalizer.Fold("khilaaaafah");

        Assert.Equal("khilafah", result.Text);
        Assert.Equal((4, 8), result.MapToOriginal(4, 5));
        Assert.Equal(TextTransforms.Repeat, result.TransformsIn(4, 5));
        Assert.Equal((8, 9), result.MapToOriginal(5, 6));
    }

    [Fact]
    public void Leet_is_read_before_repeated_letters_collapse()
    {
        NormalizedText result = _normalizer.Fold("d000nate");

        Assert.Equal("donate", result.Text);
        Assert.Equal((1, 4), result.MapToOriginal(1, 2));
        Assert.Equal(TextTransforms.Leet | TextTransforms.Repeat, result.TransformsIn(1, 2));
    }

    [Theory]
    [InlineData("too good", "too good")]
    [InlineData("1000 people", "1000 people")]
    [InlineData("wait...", "wait...")]
    public void Doubled_letters_and_repeated_non_letters_stay(string original, string expected) =>
        Assert.Equal(expected, _normalizer.Fold(original).Text);

    [Fact]
    public void Whitespace_runs_collapse_to_one_space_spanning_the_run()
    {
        NormalizedText result = _normalizer.Fold("a \t\n b");

        Assert.Equal("a b", result.Text);
        Assert.Equal((1, 5), result.MapToOriginal(1, 2));
        Assert.Equal(TextTransforms.Spacing, result.TransformsIn(1, 2));
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, 1));
    }

    [Fact]
    public void Text_is_lower_cased_with_the_invariant_culture()
    {
        NormalizedText result = _normalizer.Fold("Donate IN BITCOIN");

        Assert.Equal("donate in bitcoin", result.Text);
        Assert.Equal(TextTransforms.None, result.TransformsIn(0, result.Text.Length));
    }

    [Fact]
    public void Obfuscations_combine_and_every_one_is_reported()
    {
        // Fullwidth, spaced, with a zero-width joiner and a Cyrillic о.
        NormalizedText result = _normalizer.Fold("Ｍ \u043E n\u200D e r o");

        Assert.Equal("monero", result.Text);
        Assert.Equal(
            ["compatibility", "zero-width", "confusable", "spacing"],
            TextTransformNames.ToNames(result.TransformsIn(0, 6)));
    }

    [Fact]
    public void Twenty_thousand_spaced_letters_join_and_collapse_into_one_letter_spanning_them_all()
    {
        string original = string.Concat(Enumerable.Repeat("a ", 10_000));

        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal("a ", result.Text);
        Assert.Equal((0, 19_999), result.MapToOriginal(0, 1));
        Assert.Equal((19_999, 20_000), result.MapToOriginal(1, 2));
        Assert.Equal(TextTransforms.Spacing | TextTransforms.Repeat, result.TransformsIn(0, 1));
        OffsetMapAssert.LocalSpansConsistent(result);
    }

    [Fact]
    public void Twenty_thousand_zero_width_characters_vanish()
    {
        NormalizedText result = _normalizer.Fold(new string('\u200B', 20_000));

        Assert.Equal(string.Empty, result.Text);
        Assert.Equal((20_000, 20_000), result.MapToOriginal(0, 0));
    }

    [Fact]
    public void Twenty_thousand_combining_marks_on_one_letter_fold_into_that_letter()
    {
        NormalizedText result = _normalizer.Fold("x" + new string('\u0301', 20_000));

        Assert.Equal("x", result.Text);
        Assert.Equal((0, 20_001), result.MapToOriginal(0, 1));
        OffsetMapAssert.LocalSpansConsistent(result);
    }

    [Fact]
    public void Zalgo_text_with_thousands_of_differently_ordered_marks_folds_into_its_letter()
    {
        // Acute (above) and grave below alternate, which NFKC would have to reorder.
        string original = "a" + string.Concat(Enumerable.Repeat("\u0301\u0316", 10_000));

        NormalizedText result = _normalizer.Fold(original);

        Assert.Equal("a", result.Text);
        Assert.Equal((0, 20_001), result.MapToOriginal(0, 1));
        Assert.Equal(TextTransforms.Diacritics | TextTransforms.Compatibility, result.TransformsIn(0, 1));
    }

    [Theory]
    [InlineData("1 ", 10_000)]
    [InlineData("d\u200Ba", 6_667)]
    [InlineData("\u0430b", 10_000)]
    [InlineData("ل\u064E\u0640", 6_667)]
    [InlineData("𝐚 ", 5_000)]
    public void Twenty_thousand_char_adversarial_inputs_give_a_consistent_map(string unit, int repeats)
    {
        string original = string.Concat(Enumerable.Repeat(unit, repeats));

        NormalizedText result = _normalizer.Fold(original);

        OffsetMapAssert.LocalSpansConsistent(result);
        OffsetMapAssert.UntouchedCharsAreCopies(result, lowerCased: true);
        Assert.Equal((0, original.Length), result.MapToOriginal(0, result.Text.Length));
    }
}
