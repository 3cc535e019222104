using ModerationApi.Engine.Normalization;

namespace ModerationApi.UnitTests.Normalization;

public sealed class TextTransformNamesTests
{
    [Fact]
    public void No_transforms_have_no_names() =>
        Assert.Empty(TextTransformNames.ToNames(TextTransforms.None));

    [Fact]
    public void Names_are_listed_in_flag_order() =>
        Assert.Equal(["leet", "spacing"], TextTransformNames.ToNames(TextTransforms.Spacing | TextTransforms.Leet));

    [Fact]
    public void Every_transform_has_its_contract_name()
    {
        TextTransforms all = TextTransforms.Compatibility | TextTransforms.ZeroWidth | TextTransforms.Bidi
            | TextTransforms.Confusable | TextTransforms.Leet | TextTransforms.Spacing | TextTransforms.Repeat
            | TextTransforms.Arabic | TextTransforms.Diacritics | TextTransforms.UrlDecoding;

        Assert.Equal(
            ["compatibility", "zero-width", "bidi", "confusable", "leet", "spacing", "repeat", "arabic", "diacritics", "url-decoding"],
            TextTransformNames.ToNames(all));
    }
}
