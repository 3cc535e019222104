using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

public sealed class OtherCoinAddressTests
{
    [Theory]
    // docs/domain.md examples.
    [InlineData("TNQGZwAUCpwy1cuVSyu1vc6AT19nsmWqRF", CryptoAsset.Tron, AddressKind.Account)]
    [InlineData("LfmSZ5yKBf17WwahZK9NEq5w2FLVap4Ctw", CryptoAsset.Litecoin, AddressKind.PayToPublicKeyHash)]
    [InlineData("t1djHnDg8yGfn6vLPrYgejUFf2ZCF4WMmkp", CryptoAsset.Zcash, AddressKind.PayToPublicKeyHash)]
    [InlineData("XcNwdbXmEdnm4ErQuK8A9UkcTwTkUGf7ML", CryptoAsset.Dash, AddressKind.PayToPublicKeyHash)]
    // Litecoin Core src/test/data/key_io_valid.json mainnet vectors (0x30 and 0x32).
    [InlineData("LT2KVaAy1ppRuxRgrS5RNU3vBsy7RibPeA", CryptoAsset.Litecoin, AddressKind.PayToPublicKeyHash)]
    [InlineData("MHrYRxAiMNBTku3eoDHwhA1LQGDjUStZW2", CryptoAsset.Litecoin, AddressKind.PayToScriptHash)]
    public void TransparentAddressesOfOtherCoinsAreRecognised(string candidate, CryptoAsset asset, AddressKind kind)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(asset, address.Asset);
        Assert.Equal(CryptoNetwork.Mainnet, address.Network);
        Assert.Equal(kind, address.Kind);
    }

    [Theory]
    [InlineData("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H", "Bitcoin mainnet P2PKH address, checksum valid")]
    [InlineData("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", "Bitcoin testnet P2SH address, checksum valid")]
    [InlineData("bc1qjkq3tpy2gutsfdlcvys8slkempywk230u8rc8u", "Bitcoin mainnet native SegWit v0 address (bech32), checksum valid")]
    [InlineData("TNQGZwAUCpwy1cuVSyu1vc6AT19nsmWqRF", "Tron mainnet account address, checksum valid")]
    [InlineData("t1djHnDg8yGfn6vLPrYgejUFf2ZCF4WMmkp", "Zcash mainnet P2PKH address, checksum valid")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26", "Ethereum account address, no checksum (single-case hex)")]
    public void DescriptionsNameCoinNetworkKindAndChecksum(string candidate, string expected)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(expected, address.Describe());
    }

    [Fact]
    public void LitecoinBech32AddressIsRecognised()
    {
        // A publicly posted ltc1 donation address; a bech32 checksum does not pass by accident.
        Assert.True(CryptoAddressValidator.TryParse("ltc1qq0ptdjsuvhw6gz9m4huwmhq40gpyljwn5hncxz", out var address));
        Assert.Equal(CryptoAsset.Litecoin, address.Asset);
        Assert.Equal(AddressKind.WitnessV0, address.Kind);
    }

    [Fact]
    public void VersionFiveAddressIsReportedAsBitcoinNotLitecoin()
    {
        Assert.True(CryptoAddressValidator.TryParse("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", out var address));
        Assert.Equal(CryptoAsset.Bitcoin, address.Asset);
    }

    [Theory]
    [InlineData("TNQGZwAUCpwy1cuVSyu1vc6AT19nsmWqRG")]
    [InlineData("LfmSZ5yKBf17WwahZK9NEq5w2FLVap4Ctx")]
    [InlineData("t1djHnDg8yGfn6vLPrYgejUFf2ZCF4WMmkq")]
    [InlineData("XcNwdbXmEdnm4ErQuK8A9UkcTwTkUGf7MM")]
    [InlineData("TNQGZwAUCpwy1cuVSyu1vc6AT19nsmWqR")]
    public void OtherCoinAddressesWithAlteredCharactersAreRejected(string candidate)
    {
        Assert.False(CryptoAddressValidator.TryParse(candidate, out _));
    }

    [Theory]
    // docs/domain.md example and the EIP-55 mixed-case test cases.
    [InlineData("0x1D59bBe5d4332e34116DccDE5c1a8c736E1C2810")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void EthereumAddressesWithCorrectEip55CaseAreValidWithChecksum(string candidate)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(CryptoAsset.Ethereum, address.Asset);
        Assert.Equal(AddressKind.Account, address.Kind);
        Assert.Equal("Ethereum account address, EIP-55 checksum valid", address.Describe());
    }

    [Theory]
    // EIP-55 single-case test cases, plus a checksummed vector written all lower case.
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")]
    public void SingleCaseEthereumAddressesAreValidWithoutChecksum(string candidate)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(CryptoAsset.Ethereum, address.Asset);
        Assert.Contains("no checksum", address.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    // EIP-55 vectors with the case of one letter flipped.
    [InlineData("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5D359")]
    [InlineData("0x1d59bBe5d4332e34116DccDE5c1a8c736E1C2810")]
    public void EthereumAddressWithWrongMixedCaseIsRejected(string candidate)
    {
        Assert.False(CryptoAddressValidator.TryParse(candidate, out _));
    }

    [Theory]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")]
    [InlineData("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    public void MalformedEthereumAddressesAreRejected(string candidate)
    {
        Assert.False(CryptoAddressValidator.TryParse(candidate, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("@")]
    [InlineData("42ey")]
    public void NonAddressesAreRejected(string candidate)
    {
        Assert.False(CryptoAddressValidator.TryParse(candidate, out _));
    }
}
