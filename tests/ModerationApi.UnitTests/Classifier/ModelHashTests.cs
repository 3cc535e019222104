using ModerationApi.Engine.Classifier;

namespace ModerationApi.UnitTests.Classifier;

public sealed class ModelHashTests
{
    [Fact]
    public void UnexpectedModelIsRejectedNamingBothHashes()
    {
        // SHA-256("abc") is the FIPS 180-2 test vector ba7816bf…15ad.
        InvalidDataException error = Assert.Throws<InvalidDataException>(
            () => MiniLmEncoder.VerifyModelHash("abc"u8, "/models/x.dll"));
        Assert.Contains("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", error.Message, StringComparison.Ordinal);
        Assert.Contains("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", error.Message, StringComparison.Ordinal);
    }
}
