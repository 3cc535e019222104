using System.Text;
using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

/// <summary>
/// The scanner must cost O(n) on hostile posts. Work is counted in machine-independent units (characters scanned,
/// tokens visited while joining, characters handed to the validator, URI characters), never by wall clock.
/// </summary>
public sealed class CryptoAddressScannerWorkTests
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    // Generous constant: each word is a join start once, looks at most 32 words ahead and is validated at a handful
    // of candidate lengths of at most 106 characters. A quadratic scan exceeds it by orders of magnitude at 20,000.
    private const int MaxWorkPerCharacter = 64;

    public static TheoryData<string> AdversarialShapes => new()
    {
        "long-base58-run",
        "short-base58-tokens",
        "random-prefixed-tokens",
        "split-length-hitting-tokens",
        "monero-scheme-repeated",
        "monero-scheme-recipient-list",
        "monero-scheme-chained",
        "hex-tokens",
        "bech32-tokens",
    };

    [Theory]
    [MemberData(nameof(AdversarialShapes))]
    public void AdversarialInputOfTwentyThousandCharactersCostsLinearWork(string shape)
    {
        var text = Build(shape, 20_000);
        var work = new ScanWorkCounter();
        CryptoAddressScanner.Scan(text, work);

        Assert.True(work.Total <= (long)MaxWorkPerCharacter * text.Length, $"{shape}: {work.Total} units for {text.Length} characters");
    }

    [Theory]
    [MemberData(nameof(AdversarialShapes))]
    public void DoublingAdversarialInputAtMostDoublesWork(string shape)
    {
        var small = new ScanWorkCounter();
        var large = new ScanWorkCounter();
        CryptoAddressScanner.Scan(Build(shape, 10_000), small);
        CryptoAddressScanner.Scan(Build(shape, 20_000), large);

        // Linear growth gives a ratio near 2; anything quadratic gives 4.
        Assert.True(large.Total <= (2.2 * small.Total) + 1_000, $"{shape}: {small.Total} -> {large.Total}");
    }

    [Fact]
    public void LongBase58RunWithoutSpacesIsNeverHandedToTheValidator()
    {
        var work = new ScanWorkCounter();
        CryptoAddressScanner.Scan(Build("long-base58-run", 20_000), work);
        Assert.Equal(0, work.ValidationAttempts);
    }

    [Fact]
    public void ValidationAttemptsAreBoundedByTheNumberOfWords()
    {
        var text = Build("random-prefixed-tokens", 20_000);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var work = new ScanWorkCounter();
        CryptoAddressScanner.Scan(text, work);

        // At most one attempt per distinct address length a join from each word can reach.
        Assert.True(work.ValidationAttempts <= 12L * words, $"{work.ValidationAttempts} attempts for {words} words");
    }

    [Fact]
    public void AdversarialPostCostsAboutWhatOrdinaryTextOfTheSameLengthCosts()
    {
        var ordinary = new ScanWorkCounter();
        CryptoAddressScanner.Scan(OrdinaryText(20_000), ordinary);

        foreach (var shape in AdversarialShapes)
        {
            var hostile = new ScanWorkCounter();
            CryptoAddressScanner.Scan(Build(shape, 20_000), hostile);
            Assert.True(hostile.Total <= 40 * ordinary.Total, $"{shape}: {hostile.Total} vs ordinary {ordinary.Total}");
        }
    }

    [Fact]
    public void AddressesAreStillFoundInsideAdversarialNoise()
    {
        var text = Build("short-base58-tokens", 10_000) + " " + MoneroAddressTests.GeneralFundSubaddress + " " + Build("short-base58-tokens", 10_000);
        var match = Assert.Single(CryptoAddressScanner.Scan(text).Addresses);
        Assert.Equal(MoneroAddressTests.GeneralFundSubaddress, match.Address.Value);
    }

    private static string Build(string shape, int length)
    {
        var random = new Random(20_000 + shape.Length);
        var builder = new StringBuilder(length + 128);
        while (builder.Length < length)
        {
            switch (shape)
            {
                case "long-base58-run":
                    builder.Append(Base58Alphabet[random.Next(Base58Alphabet.Length)]);
                    break;
                case "short-base58-tokens":
                    // Digits and a Monero first character make every word a plausible start of a split address.
                    builder.Append("4a").Append(Base58Alphabet[random.Next(Base58Alphabet.Length)]).Append("9 ");
                    break;
                case "random-prefixed-tokens":
                    builder.Append("4817TLMXt"[random.Next(9)]);
                    for (var i = random.Next(1, 12); i > 0; i--)
                    {
                        builder.Append(Base58Alphabet[random.Next(Base58Alphabet.Length)]);
                    }

                    builder.Append(' ');
                    break;
                case "split-length-hitting-tokens":
                    // '7' starts both Monero stagenet subaddresses and Dash P2SH, and lengths of 1-4 let joins land on
                    // 33, 34, 35, 95 and 106 characters: the most validation attempts per word an input can force.
                    builder.Append('7');
                    for (var i = random.Next(0, 4); i > 0; i--)
                    {
                        builder.Append(Base58Alphabet[random.Next(Base58Alphabet.Length)]);
                    }

                    builder.Append(' ');
                    break;
                case "monero-scheme-repeated":
                    builder.Append("monero:");
                    break;
                case "monero-scheme-recipient-list":
                    builder.Append("monero:4a;4b;4c;4d;4e;4f;4g;4h;4i;4j;4k;4m;4n;4o;4p;4q;4r;4s ");
                    break;
                case "monero-scheme-chained":
                    // Every scheme directly follows a recipient separator of the previous URI, none of which is valid.
                    builder.Append("monero:4a;");
                    break;
                case "hex-tokens":
                    builder.Append("0x").Append(random.Next(0x1000, 0xffff).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
                    break;
                case "bech32-tokens":
                    builder.Append("bc1q").Append("qpzry9x8gf2tvdw0s3jn54khce6mua7l"[random.Next(32)]).Append(' ');
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
            }
        }

        return builder.ToString(0, length);
    }

    private static string OrdinaryText(int length)
    {
        const string paragraph = "The committee met on Tuesday to discuss the budget for 2025. Several members asked "
            + "for more time to review the figures, and the chair agreed to publish the draft online next week. ";
        var builder = new StringBuilder(length + paragraph.Length);
        while (builder.Length < length)
        {
            builder.Append(paragraph);
        }

        return builder.ToString(0, length);
    }
}
