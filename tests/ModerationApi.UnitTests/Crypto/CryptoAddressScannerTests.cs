using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

public sealed class CryptoAddressScannerTests
{
    private const string Subaddress = MoneroAddressTests.GeneralFundSubaddress;
    private const string Standard = MoneroAddressTests.GeneralFundStandard;
    private const string OpenSeaContract = "0x495f947276749Ce646f68AC8c248420045cb7b5e";

    [Fact]
    public void AddressInASentenceIsFoundWithItsExactSpan()
    {
        var text = $"Support the brothers, send XMR to {Subaddress}. May Allah reward you";
        var match = Assert.Single(CryptoAddressScanner.Scan(text).Addresses);

        Assert.Equal(text.IndexOf(Subaddress, StringComparison.Ordinal), match.Start);
        Assert.Equal(match.Start + Subaddress.Length, match.End);
        Assert.Equal(Subaddress, match.Address.Value);
        Assert.False(match.Rejoined);
    }

    [Fact]
    public void EmptyTextHasNoMatches()
    {
        var result = CryptoAddressScanner.Scan(string.Empty);
        Assert.Empty(result.Addresses);
        Assert.Empty(result.MoneroUris);
    }

    [Fact]
    public void AddressSplitIntoGroupsOfFourIsRejoinedWithASpanCoveringAllPieces()
    {
        var split = SplitEvery(Subaddress, 4, " ");
        var text = $"donate here: {split} jazakallah";
        var match = Assert.Single(CryptoAddressScanner.Scan(text).Addresses);

        Assert.True(match.Rejoined);
        Assert.Equal(Subaddress, match.Address.Value);
        Assert.Equal(text.IndexOf(split, StringComparison.Ordinal), match.Start);
        Assert.Equal(match.Start + split.Length, match.End);
    }

    [Theory]
    [InlineData(5, " ")]
    [InlineData(8, " ")]
    [InlineData(12, " ")]
    [InlineData(48, "\n")]
    [InlineData(11, "\r\n")]
    public void SplitAddressesWithVariousGroupSizesAreRejoined(int groupSize, string separator)
    {
        var split = SplitEvery(Standard, groupSize, separator);
        var match = Assert.Single(CryptoAddressScanner.Scan($"wallet:\n{split}\nthanks").Addresses);
        Assert.True(match.Rejoined);
        Assert.Equal(Standard, match.Address.Value);
    }

    [Fact]
    public void IntegratedAddressSplitIntoGroupsOfFourIsRejoined()
    {
        var split = SplitEvery(MoneroAddressTests.IntegratedVector, 4, " ");
        var match = Assert.Single(CryptoAddressScanner.Scan(split).Addresses);
        Assert.Equal(AddressKind.Integrated, match.Address.Kind);
        Assert.Equal(split.Length, match.End);
    }

    [Fact]
    public void SplitBitcoinAndEthereumAddressesAreRejoined()
    {
        var btc = SplitEvery("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H", 6, " ");
        var eth = SplitEvery("0x1D59bBe5d4332e34116DccDE5c1a8c736E1C2810", 7, " ");
        var matches = CryptoAddressScanner.Scan($"BTC: {btc}\nETH: {eth}").Addresses;

        Assert.Equal(2, matches.Count);
        Assert.Equal(CryptoAsset.Bitcoin, matches[0].Address.Asset);
        Assert.Equal(CryptoAsset.Ethereum, matches[1].Address.Asset);
        Assert.All(matches, m => Assert.True(m.Rejoined));
    }

    [Fact]
    public void AddressLeftSpaceSplitAfterZeroWidthCharactersWereStrippedIsRejoined()
    {
        // The poster hid the address behind zero-width spaces between visible groups; the upstream normaliser removes
        // the zero-width characters and the scanner sees plain space-separated groups.
        var posted = string.Join(" \u200B", Subaddress.Chunk(6).Select(chunk => new string(chunk)));
        var normalised = posted.Replace("\u200B", string.Empty, StringComparison.Ordinal);

        var match = Assert.Single(CryptoAddressScanner.Scan($"XMR: {normalised}").Addresses);
        Assert.True(match.Rejoined);
        Assert.Equal(Subaddress, match.Address.Value);
        Assert.Equal(5, match.Start);
        Assert.Equal(5 + normalised.Length, match.End);
    }

    [Fact]
    public void TwoValidAdjacentAddressesSeparatedByASpaceStayTwoAddresses()
    {
        var text = $"{Subaddress} {Standard}";
        var matches = CryptoAddressScanner.Scan(text).Addresses;

        Assert.Equal(2, matches.Count);
        Assert.Equal(Subaddress, matches[0].Address.Value);
        Assert.Equal(Standard, matches[1].Address.Value);
        Assert.False(matches[0].Rejoined);
        Assert.False(matches[1].Rejoined);
        Assert.Equal(Subaddress.Length + 1, matches[1].Start);
    }

    [Fact]
    public void TwoAdjacentShortAddressesStayTwoAddresses()
    {
        var matches = CryptoAddressScanner.Scan("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H 3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy").Addresses;
        Assert.Equal(2, matches.Count);
        Assert.All(matches, m => Assert.False(m.Rejoined));
    }

    [Theory]
    [InlineData("x{0}")]
    [InlineData("{0}x")]
    [InlineData("{0}_")]
    [InlineData("تبرع{0}")]
    [InlineData("{0}0")]
    public void AddressEmbeddedInALongerWordIsNotReported(string template)
    {
        Assert.Empty(CryptoAddressScanner.Scan(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Subaddress)).Addresses);
    }

    [Theory]
    [InlineData("({0})")]
    [InlineData("\"{0}\"")]
    [InlineData("addr:{0},")]
    [InlineData("-{0}-")]
    public void AddressDelimitedByPunctuationIsReported(string template)
    {
        var match = Assert.Single(CryptoAddressScanner.Scan(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Subaddress)).Addresses);
        Assert.Equal(Subaddress, match.Address.Value);
    }

    [Fact]
    public void AddressWithFailingChecksumIsNotReported()
    {
        var text = $"send to {Subaddress[..^1]}J now";
        Assert.Empty(CryptoAddressScanner.Scan(text).Addresses);
    }

    [Fact]
    public void PiecesSeparatedByPunctuationAreNotJoined()
    {
        var dashed = SplitEvery(Subaddress, 8, "-");
        Assert.Empty(CryptoAddressScanner.Scan(dashed).Addresses);
    }

    [Fact]
    public void AllCoinsInOnePostAreFoundInTextOrder()
    {
        var text = "XMR 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A\n"
            + "BTC bc1qjkq3tpy2gutsfdlcvys8slkempywk230u8rc8u / 1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H\n"
            + "ETH 0x1D59bBe5d4332e34116DccDE5c1a8c736E1C2810\n"
            + "TRX TNQGZwAUCpwy1cuVSyu1vc6AT19nsmWqRF LTC LfmSZ5yKBf17WwahZK9NEq5w2FLVap4Ctw\n"
            + "ZEC t1djHnDg8yGfn6vLPrYgejUFf2ZCF4WMmkp DASH XcNwdbXmEdnm4ErQuK8A9UkcTwTkUGf7ML";
        var assets = CryptoAddressScanner.Scan(text).Addresses.Select(m => m.Address.Asset).ToArray();

        Assert.Equal(
            [CryptoAsset.Monero, CryptoAsset.Bitcoin, CryptoAsset.Bitcoin, CryptoAsset.Ethereum, CryptoAsset.Tron, CryptoAsset.Litecoin, CryptoAsset.Zcash, CryptoAsset.Dash],
            assets);
    }

    [Fact]
    public void MoneroUriWithUrlEncodedDescriptionIsDecoded()
    {
        var uri = $"monero:{Subaddress}?tx_amount=1.5&tx_description=Support%20the%20mujahideen%20%E2%9C%93&recipient_name=Ahl+al-Khayr";
        var text = $"Scan or tap: {uri} — every coin counts";
        var result = CryptoAddressScanner.Scan(text);

        var match = Assert.Single(result.MoneroUris);
        Assert.Equal(text.IndexOf(uri, StringComparison.Ordinal), match.Start);
        Assert.Equal(match.Start + uri.Length, match.End);
        Assert.Equal(Subaddress, Assert.Single(match.Recipients).Value);
        Assert.Equal("1.5", match.Parameters["tx_amount"]);
        Assert.Equal("Support the mujahideen \u2713", match.Parameters["tx_description"]);
        Assert.Equal("Ahl al-Khayr", match.Parameters["recipient_name"]);
        var (start, end) = match.ValueSpans["tx_description"];
        Assert.Equal("Support%20the%20mujahideen%20%E2%9C%93", text[start..end]);
        (start, end) = match.ValueSpans["recipient_name"];
        Assert.Equal("Ahl+al-Khayr", text[start..end]);

        var address = Assert.Single(result.Addresses);
        Assert.Equal(text.IndexOf(Subaddress, StringComparison.Ordinal), address.Start);
    }

    [Fact]
    public void MoneroUriSchemeIsMatchedCaseInsensitively()
    {
        var match = Assert.Single(CryptoAddressScanner.Scan($"MONERO:{Standard}?TX_DESCRIPTION=aid").MoneroUris);
        Assert.Equal("aid", match.Parameters["tx_description"]);
    }

    [Fact]
    public void MoneroUriWithDoubleSlashAfterTheSchemeIsParsed()
    {
        var match = Assert.Single(CryptoAddressScanner.Scan($"monero://{Standard}?tx_amount=3").MoneroUris);
        Assert.Equal(Standard, Assert.Single(match.Recipients).Value);
        Assert.Equal("3", match.Parameters["tx_amount"]);
    }

    [Fact]
    public void MoneroUriWithSeveralRecipientsListsThemAll()
    {
        // The multi-recipient form of docs/URI_SCHEME.md.
        var text = $"monero:{Standard};{Subaddress}?tx_amount=239.39014;132.44&tx_description=donations";
        var result = CryptoAddressScanner.Scan(text);

        var match = Assert.Single(result.MoneroUris);
        Assert.Equal([Standard, Subaddress], match.Recipients.Select(r => r.Value).ToArray());
        Assert.Equal("239.39014;132.44", match.Parameters["tx_amount"]);
        Assert.Equal(text.Length, match.End);
        Assert.Equal(2, result.Addresses.Count);
    }

    [Fact]
    public void SentencePunctuationAfterAMoneroUriIsNotPartOfIt()
    {
        var text = $"(pay monero:{Subaddress}?tx_amount=2).";
        var match = Assert.Single(CryptoAddressScanner.Scan(text).MoneroUris);
        Assert.Equal("2", match.Parameters["tx_amount"]);
        Assert.Equal(text.Length - 2, match.End);
    }

    [Fact]
    public void MoneroUriWithInvalidAddressIsNotReported()
    {
        var result = CryptoAddressScanner.Scan($"monero:{Subaddress[..^1]}J?tx_amount=1");
        Assert.Empty(result.MoneroUris);
        Assert.Empty(result.Addresses);
    }

    [Theory]
    [InlineData("https://opensea.io/assets/ethereum/" + OpenSeaContract + "/1")]
    [InlineData("rarible.com/token/" + OpenSeaContract + ":123")]
    [InlineData("https://foundation.app/mint/eth/" + OpenSeaContract + "/7")]
    public void EthereumHexInAMarketplaceUrlIsNotReported(string url)
    {
        Assert.Empty(CryptoAddressScanner.Scan($"IS-NEWS #01 is live: {url} get it before it is removed").Addresses);
    }

    [Fact]
    public void SameEthereumAddressOutsideAUrlIsStillReported()
    {
        var text = $"https://opensea.io/assets/ethereum/{OpenSeaContract}/1 and send ETH to 0x1D59bBe5d4332e34116DccDE5c1a8c736E1C2810";
        var match = Assert.Single(CryptoAddressScanner.Scan(text).Addresses);
        Assert.Equal("0x1D59bBe5d4332e34116DccDE5c1a8c736E1C2810", match.Address.Value);
    }

    [Fact]
    public void EthereumAddressWithBrokenEip55CaseIsNotReported()
    {
        Assert.Empty(CryptoAddressScanner.Scan("ETH: 0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed").Addresses);
    }

    [Fact]
    public void OrdinaryProseHasNoMatches()
    {
        const string prose = "Many people are saying that the market will recover by 2025 and that 3 big funds bought in "
            + "at 40k. Try to be patient, buy the dip and hold; also check the new map near Tokyo station.";
        Assert.Empty(CryptoAddressScanner.Scan(prose).Addresses);
    }

    private static string SplitEvery(string value, int size, string separator) =>
        string.Join(separator, value.Chunk(size).Select(chunk => new string(chunk)));
}
