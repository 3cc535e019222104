using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

public sealed class MoneroAddressTests
{
    // Vectors from docs/domain.md section 1 (monero README, xmrig README, p2pool README, monero functional tests).
    internal const string GeneralFundSubaddress =
        "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";

    internal const string GeneralFundStandard =
        "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";

    internal const string XmrigDonation =
        "48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD";

    internal const string P2poolDonation =
        "44MnN1f3Eto8DZYUWuE5XZNUtE3vcRzt2j6PzqWpPau34e6Cf4fAxt6X2MBmrm6F9YMEiMNjN6W4Shn4pLcfNAja621jwyg";

    internal const string IntegratedVector =
        "4BxSHvcgTwu25WooY4BVmgdcKwZu5EksVZSZkDd6ooxSVVqQ4ubxXkhLF6hEqtw96i9cf3cVfLw8UWe95bdDKfRQeYtPwLm1Jiw7AKt2LY";

    [Theory]
    [InlineData(GeneralFundSubaddress, AddressKind.Subaddress)]
    [InlineData(GeneralFundStandard, AddressKind.Standard)]
    [InlineData(XmrigDonation, AddressKind.Standard)]
    [InlineData(P2poolDonation, AddressKind.Standard)]
    [InlineData(IntegratedVector, AddressKind.Integrated)]
    public void PublishedMainnetAddressesAreValid(string candidate, AddressKind expectedKind)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(CryptoAsset.Monero, address.Asset);
        Assert.Equal(CryptoNetwork.Mainnet, address.Network);
        Assert.Equal(expectedKind, address.Kind);
        Assert.Equal(candidate, address.Value);
    }

    [Theory]
    // monero tests/functional_tests/validate_address.py: good addresses with their network and kind.
    [InlineData("42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm", CryptoNetwork.Mainnet, AddressKind.Standard)]
    [InlineData("44Kbx4sJ7JDRDV5aAhLJzQCjDz2ViLRduE3ijDZu3osWKBjMGkV1XPk4pfDUMqt1Aiezvephdqm6YD19GKFD9ZcXVUTp6BW", CryptoNetwork.Mainnet, AddressKind.Standard)]
    [InlineData("9ujeXrjzf7bfeK3KZdCqnYaMwZVFuXemPU8Ubw335rj2FN1CdMiWNyFV3ksEfMFvRp9L9qum5UxkP5rN9aLcPxbH1au4WAB", CryptoNetwork.Testnet, AddressKind.Standard)]
    [InlineData("53teqCAESLxeJ1REzGMAat1ZeHvuajvDiXqboEocPaDRRmqWoVPzy46GLo866qRFjbNhfkNckyhST3WEvBviDwpUDd7DSzB", CryptoNetwork.Stagenet, AddressKind.Standard)]
    [InlineData("8AsN91rznfkBGTY8psSNkJBg9SZgxxGGRUhGwRptBhgr5XSQ1XzmA9m8QAnoxydecSh5aLJXdrgXwTDMMZ1AuXsN1EX5Mtm", CryptoNetwork.Mainnet, AddressKind.Subaddress)]
    [InlineData("86kKnBKFqzCLxtK1Jmx2BkNBDBSMDEVaRYMMyVbeURYDWs8uNGDZURKCA5yRcyMxHzPcmCf1q2fSdhQVcaKsFrtGRsdGfNk", CryptoNetwork.Mainnet, AddressKind.Subaddress)]
    [InlineData("AApMA1VuhiCaHzr5X2KXi2Zc9oJ3VaGjkfChxxpRpxkyKf1NetvbRbQTbFMrGkr85DjnEH7JsBaoUFsgKwZnmtnVWnoB8MDotCsLb7eWwz", CryptoNetwork.Testnet, AddressKind.Integrated)]
    [InlineData("BdKg9udkvckC5T58a8Nmtb6BNsgRAxs7uA2D49sWNNX5HPW5Us6Wxu8QMXrnSx3xPBQQ2iu9kwEcRGAoiz6EPmcZKbF62GS", CryptoNetwork.Testnet, AddressKind.Subaddress)]
    [InlineData("BcFvPa3fT4gVt5QyRDe5Vv7VtUFao9ci8NFEy3r254KF7R1N2cNB5FYhGvrHbMStv4D6VDzZ5xtxeKV8vgEPMnDcNFuwZb9", CryptoNetwork.Testnet, AddressKind.Subaddress)]
    [InlineData("5K8mwfjumVseCcQEjNbf59Um6R9NfVUNkHTLhhPCmNvgDLVS88YW5tScnm83rw9mfgYtchtDDTW5jEfMhygi27j1QYphX38hg6m4VMtN29", CryptoNetwork.Stagenet, AddressKind.Integrated)]
    [InlineData("73LhUiix4DVFMcKhsPRG51QmCsv8dYYbL6GcQoLwEEFvPvkVvc7BhebfA4pnEFF9Lq66hwvLqBvpHjTcqvpJMHmmNjPPBqa", CryptoNetwork.Stagenet, AddressKind.Subaddress)]
    [InlineData("7A1Hr63MfgUa8pkWxueD5xBqhQczkusYiCMYMnJGcGmuQxa7aDBxN1G7iCuLCNB3VPeb2TW7U9FdxB27xKkWKfJ8VhUZthF", CryptoNetwork.Stagenet, AddressKind.Subaddress)]
    public void MoneroFunctionalTestAddressesCarryTheirNetworkAndKind(string candidate, CryptoNetwork network, AddressKind kind)
    {
        Assert.True(CryptoAddressValidator.TryParse(candidate, out var address));
        Assert.Equal(CryptoAsset.Monero, address.Asset);
        Assert.Equal(network, address.Network);
        Assert.Equal(kind, address.Kind);
    }

    [Fact]
    public void MoneroSubaddressWithAlteredLastCharacterIsRejected()
    {
        var altered = GeneralFundSubaddress[..^1] + "J";
        Assert.False(CryptoAddressValidator.TryParse(altered, out _));
    }

    [Fact]
    public void OfficialBadVectorWithWrongChecksumIsRejected()
    {
        Assert.False(CryptoAddressValidator.TryParse(
            "42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWD9", out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(47)]
    [InlineData(94)]
    public void AddressWithACharacterReplacedByCapitalIIsRejected(int position)
    {
        var chars = GeneralFundSubaddress.ToCharArray();
        chars[position] = 'I';
        Assert.False(CryptoAddressValidator.TryParse(new string(chars), out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(94)]
    public void AddressWithOneCharacterDroppedIsRejected(int position)
    {
        var shortened = GeneralFundSubaddress.Remove(position, 1);
        Assert.Equal(94, shortened.Length);
        Assert.False(CryptoAddressValidator.TryParse(shortened, out _));
    }

    [Fact]
    public void SubaddressDescriptionNamesNetworkKindAndChecksum()
    {
        Assert.True(CryptoAddressValidator.TryParse(GeneralFundSubaddress, out var address));
        Assert.Equal("Monero mainnet subaddress, checksum valid", address.Describe());
    }

    [Fact]
    public void IntegratedAddressDescriptionIncludesItsPaymentId()
    {
        // The payment id is bytes 65..72 of the decoded address; decode the vector independently of the validator.
        var data = new byte[77];
        Assert.True(MoneroBase58.TryDecode(IntegratedVector, data));
        var expectedPaymentId = Convert.ToHexStringLower(data.AsSpan(65, 8));

        Assert.True(CryptoAddressValidator.TryParse(IntegratedVector, out var address));
        Assert.Contains("integrated", address.Describe(), StringComparison.Ordinal);
        Assert.Contains(expectedPaymentId, address.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void AddressBuiltWithTestnetPrefix53IsLabelledTestnet()
    {
        var (spend, view) = KeysOf(GeneralFundStandard);
        var testnet = MoneroAddressCodec.Encode(53, spend, view, []);

        Assert.Equal(95, testnet.Length);
        Assert.Contains(testnet[0], "9A");
        Assert.True(CryptoAddressValidator.TryParse(testnet, out var address));
        Assert.Equal(CryptoNetwork.Testnet, address.Network);
        Assert.Equal(AddressKind.Standard, address.Kind);
        Assert.Equal("Monero testnet standard address, checksum valid", address.Describe());
    }

    [Theory]
    [InlineData(63, CryptoNetwork.Testnet, AddressKind.Subaddress, 'B')]
    [InlineData(24, CryptoNetwork.Stagenet, AddressKind.Standard, '5')]
    [InlineData(36, CryptoNetwork.Stagenet, AddressKind.Subaddress, '7')]
    public void AddressesBuiltWithOtherNetworkPrefixesAreLabelledAccordingly(byte prefix, CryptoNetwork network, AddressKind kind, char firstCharacter)
    {
        var (spend, view) = KeysOf(GeneralFundStandard);
        var encoded = MoneroAddressCodec.Encode(prefix, spend, view, []);

        Assert.Equal(firstCharacter, encoded[0]);
        Assert.True(CryptoAddressValidator.TryParse(encoded, out var address));
        Assert.Equal(network, address.Network);
        Assert.Equal(kind, address.Kind);
    }

    [Fact]
    public void StandardPrefixWithIntegratedLengthIsRejected()
    {
        // A valid checksum over a payment id does not make a standard prefix integrated.
        var (spend, view) = KeysOf(GeneralFundStandard);
        var mislabelled = MoneroAddressCodec.Encode(18, spend, view, [1, 2, 3, 4, 5, 6, 7, 8]);

        Assert.Equal(106, mislabelled.Length);
        Assert.False(CryptoAddressValidator.TryParse(mislabelled, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void EncodedLengthsNoBlockCanHaveAreRejected(int length)
    {
        Assert.Equal(-1, MoneroBase58.DecodedLength(length));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(11, 8)]
    [InlineData(95, 69)]
    [InlineData(106, 77)]
    public void EncodedLengthsMapToBlockWiseDecodedLengths(int encoded, int decoded)
    {
        Assert.Equal(decoded, MoneroBase58.DecodedLength(encoded));
    }

    [Fact]
    public void FullBlockAboveTwoToThe64IsRejectedAsOverflow()
    {
        // "zzzzzzzzzzz" is 58^11 - 1, far above 2^64 - 1.
        Assert.False(MoneroBase58.TryDecodeBlock("zzzzzzzzzzz", new byte[8]));
    }

    [Fact]
    public void PartialBlockAboveItsByteSizeIsRejectedAsOverflow()
    {
        // Two characters decode to one byte; "zz" is 57 * 58 + 57 = 3363 > 255, while "5Q" is 4 * 58 + 23 = 255.
        Assert.False(MoneroBase58.TryDecodeBlock("zz", new byte[1]));
        var max = new byte[1];
        Assert.True(MoneroBase58.TryDecodeBlock("5Q", max));
        Assert.Equal(255, max[0]);
    }

    [Fact]
    public void AddressWhoseLastBlockOverflowsIsRejected()
    {
        // Replacing the final 7-character block (5 bytes) with the largest 7-character value overflows 2^40.
        var overflowing = GeneralFundSubaddress[..^7] + "zzzzzzz";
        Assert.False(CryptoAddressValidator.TryParse(overflowing, out _));
    }

    private static (byte[] Spend, byte[] View) KeysOf(string address)
    {
        var data = new byte[69];
        Assert.True(MoneroBase58.TryDecode(address, data));
        return (data[1..33], data[33..65]);
    }
}
