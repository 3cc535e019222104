using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Rules;

public sealed class PercentDecodedTextTests
{
    [Fact]
    public void DecodesAsUrlDecodeDoes()
    {
        const string raw = "free%20the+sisters%20%E2%9C%93%ZZ%4";

        var decoded = PercentDecodedText.Decode(raw, 0, raw.Length);

        Assert.Equal(System.Net.WebUtility.UrlDecode(raw), decoded.Text);
    }

    [Fact]
    public void EachDecodedCharacterMapsToTheEncodedCharactersItCameFrom()
    {
        const string post = "x?d=the%20dawlah%20%E2%9C%93";
        int start = post.IndexOf('=', StringComparison.Ordinal) + 1;

        var decoded = PercentDecodedText.Decode(post, start, post.Length);

        Assert.Equal("the dawlah \u2713", decoded.Text);
        var (from, to) = decoded.MapToSource(4, 10);
        Assert.Equal("dawlah", post[from..to]);
        (from, to) = decoded.MapToSource(0, 10);
        Assert.Equal("the%20dawlah", post[from..to]);
        // A three-byte UTF-8 character is one decoded character spanning its nine encoded ones.
        (from, to) = decoded.MapToSource(11, 12);
        Assert.Equal("%E2%9C%93", post[from..to]);
    }
}
