using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

public sealed class BitcoinAddressTests
{
    [Theory]
    // docs/domain.md: the Monero project's BTC donation address.
    [InlineData("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H", CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash)]
    // The genesis block coinbase address.
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash)]
    [InlineData("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", CryptoNetwork.Mainnet, AddressKind.PayToPublicKeyHash)]
    // BIP-13 / Bitcoin wiki P2SH example.
    [InlineData("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", CryptoNetwork.Mainnet, AddressKind.PayToScriptHash)]
    // Bitcoin wiki testnet examples (versions 0x6F and 0xC4).
    [InlineData("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", CryptoNetwork.Testnet, AddressKind.PayToPublicKeyHash)]
    [InlineData("2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc", CryptoNetwork.Testnet, AddressKind.PayToScriptHash)]
    public void Base58CheckAddressesAreRecognised(string candidate, CryptoNetwork network, AddressKind kind)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(CryptoAsset.Bitcoin, address.Asset);
        Assert.Equal(network, address.Network);
        Assert.Equal(kind, address.Kind);
    }

    [Fact]
    public void Base58DecodesTheBoatAddressToItsPublishedBytes()
    {
        var decoded = new byte[32];
        Assert.True(Base58.TryDecode("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", decoded, out var length));
        Assert.Equal("007680adec8eabcabac676be9e83854ade0bd22cdb0bb960de", Convert.ToHexStringLower(decoded.AsSpan(0, length)));
    }

    [Fact]
    public void Base58DecodesTestnetAddressToVersion111AndItsHash()
    {
        var decoded = new byte[32];
        Assert.True(Base58.TryDecode("mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn", decoded, out var length));
        Assert.Equal(25, length);
        Assert.Equal(111, decoded[0]);
        Assert.Equal("243f1394f44554f4ce3fd68649c19adc483ce924", Convert.ToHexStringLower(decoded.AsSpan(1, 20)));
    }

    [Theory]
    [InlineData("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8J")]
    [InlineData("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8")]
    [InlineData("11KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H")]
    [InlineData("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb")]
    [InlineData("2A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")]
    [InlineData("1KTexdemPdxSBcG55heUuTjDRYqbC5ZL0H")]
    public void Base58CheckAddressesWithAlteredCharactersAreRejected(string candidate)
    {
        Assert.False(CryptoAddressValidator.TryParse(candidate, out _));
    }

    [Theory]
    // docs/domain.md example and the Bitcoin wiki bech32 example.
    [InlineData("bc1qjkq3tpy2gutsfdlcvys8slkempywk230u8rc8u", CryptoNetwork.Mainnet, AddressKind.WitnessV0)]
    [InlineData("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", CryptoNetwork.Mainnet, AddressKind.WitnessV0)]
    // BIP-350 valid segwit addresses.
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", CryptoNetwork.Mainnet, AddressKind.WitnessV0)]
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", CryptoNetwork.Testnet, AddressKind.WitnessV0)]
    [InlineData("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", CryptoNetwork.Mainnet, AddressKind.WitnessV1Plus)]
    [InlineData("BC1SW50QGDZ25J", CryptoNetwork.Mainnet, AddressKind.WitnessV1Plus)]
    [InlineData("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", CryptoNetwork.Mainnet, AddressKind.WitnessV1Plus)]
    [InlineData("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", CryptoNetwork.Testnet, AddressKind.WitnessV0)]
    [InlineData("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", CryptoNetwork.Testnet, AddressKind.WitnessV1Plus)]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", CryptoNetwork.Mainnet, AddressKind.WitnessV1Plus)]
    public void SegwitAddressesAreRecognised(string candidate, CryptoNetwork network, AddressKind kind)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(CryptoAsset.Bitcoin, address.Asset);
        Assert.Equal(network, address.Network);
        Assert.Equal(kind, address.Kind);
    }

    [Theory]
    // BIP-350 invalid segwit addresses.
    [InlineData("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd")]
    [InlineData("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf")]
    [InlineData("BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh")]
    [InlineData("tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47")]
    [InlineData("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4")]
    [InlineData("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R")]
    [InlineData("bc1pw5dgrnzv")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav")]
    [InlineData("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P")]
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf")]
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j")]
    [InlineData("bc1gmk9yu")]
    public void Bip350InvalidSegwitAddressesAreRejected(string candidate)
    {
        Assert.False(CryptoAddressValidator.TryParse(candidate, out _));
    }

    [Fact]
    public void MixedCaseBech32AddressIsRejected()
    {
        Assert.False(CryptoAddressValidator.TryParse("bc1qjkq3tpy2gutsfdlcvys8slkempywk230U8RC8U", out _));
    }

    [Fact]
    public void TaprootAddressDescriptionNamesWitnessVersionAndBech32m()
    {
        Assert.True(CryptoAddressValidator.TryParse("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", out var address));
        Assert.Equal("Bitcoin mainnet native SegWit v1 address (bech32m), checksum valid", address.Describe());
    }
}
