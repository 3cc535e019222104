using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

public sealed class Bech32Tests
{
    [Theory]
    // BIP-173 valid bech32 strings.
    [InlineData("A12UEL5L")]
    [InlineData("a12uel5l")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs")]
    [InlineData("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw")]
    [InlineData("11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w")]
    [InlineData("?1ezyfcl")]
    public void Bip173StringsVerifyAsBech32(string text)
    {
        Assert.Equal(Bech32Encoding.Bech32, Bech32.Decode(text, new byte[90], out _, out _));
    }

    [Theory]
    // BIP-350 valid bech32m strings.
    [InlineData("A1LQFN3A")]
    [InlineData("a1lqfn3a")]
    [InlineData("an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6")]
    [InlineData("abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx")]
    [InlineData("11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8")]
    [InlineData("split1checkupstagehandshakeupstreamerranterredcaperredlc445v")]
    [InlineData("?1v759aa")]
    public void Bip350StringsVerifyAsBech32m(string text)
    {
        Assert.Equal(Bech32Encoding.Bech32m, Bech32.Decode(text, new byte[90], out _, out _));
    }

    [Fact]
    public void FullCharsetVectorDecodesToValuesZeroToThirtyOne()
    {
        // BIP-173's "abcdef" vector carries every data value once, in order.
        var data = new byte[90];
        Assert.Equal(Bech32Encoding.Bech32, Bech32.Decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw", data, out var hrpLength, out var dataLength));
        Assert.Equal(6, hrpLength);
        Assert.Equal(32, dataLength);
        for (var i = 0; i < 32; i++)
        {
            Assert.Equal(i, data[i]);
        }
    }

    [Theory]
    // BIP-350 invalid bech32m strings (the BIP-173 ones differ only in checksum constant).
    [InlineData("\u00201xj0phk")]
    [InlineData("\u007F1g6xzxy")]
    [InlineData("\u00801vctc34")]
    [InlineData("an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4")]
    [InlineData("qyrz8wqd2c9m")]
    [InlineData("1qyrz8wqd2c9m")]
    [InlineData("y1b0jsk6g")]
    [InlineData("lt1igcx5c0")]
    [InlineData("in1muywd")]
    [InlineData("mm1crxm3i")]
    [InlineData("au1s5cgom")]
    [InlineData("M1VUXWEZ")]
    [InlineData("16plkw9")]
    [InlineData("1p2gdwpf")]
    // BIP-173 invalid bech32 strings.
    [InlineData("\u00201nwldj5")]
    [InlineData("\u007F1axkwrx")]
    [InlineData("\u00801eym55h")]
    [InlineData("an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx")]
    [InlineData("pzry9x0s0muk")]
    [InlineData("1pzry9x0s0muk")]
    [InlineData("x1b4n0q5v")]
    [InlineData("li1dgmt3")]
    public void BipInvalidStringsAreRejected(string text)
    {
        Assert.Equal(Bech32Encoding.None, Bech32.Decode(text, new byte[90], out _, out _));
    }
}
