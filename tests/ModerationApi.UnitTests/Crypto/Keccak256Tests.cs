using System.Security.Cryptography;
using System.Text;
using ModerationApi.Engine.Crypto;

namespace ModerationApi.UnitTests.Crypto;

public sealed class Keccak256Tests
{
    [Theory]
    // Ethereum's well-known hash of the empty input (KECCAK_EMPTY).
    [InlineData("", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    // Keccak-256("abc"), also web3.py's documented soliditySha3(['uint8'x3], [97, 98, 99]).
    [InlineData("abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45")]
    public void KeccakWithOriginalPaddingMatchesPublishedVectors(string input, string expectedHex)
    {
        Span<byte> hash = stackalloc byte[32];
        Keccak256.HashData(Encoding.ASCII.GetBytes(input), hash);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void KeccakOfEmptyInputDiffersFromSha3()
    {
        // SHA3-256("") from FIPS 202: the padding byte is the only difference, and it must not be SHA3's.
        Span<byte> hash = stackalloc byte[32];
        Keccak256.HashData([], hash);
        Assert.NotEqual("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", Convert.ToHexStringLower(hash));
    }

    [Fact]
    public void SpongeWithSha3PaddingAgreesWithDotnetSha3AcrossBlockBoundaries()
    {
        // .NET's SHA3-256 is an independent implementation of the same permutation and rate; agreeing on every length
        // around the 136-byte rate (twice) checks absorption and multi-block handling.
        if (!SHA3_256.IsSupported)
        {
            return;
        }

        var data = new byte[400];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i * 31) + 7);
        }

        Span<byte> ours = stackalloc byte[32];
        for (var length = 0; length <= data.Length; length++)
        {
            Keccak256.HashData(data.AsSpan(0, length), ours, Keccak256.Sha3Padding);
            Assert.Equal(SHA3_256.HashData(data.AsSpan(0, length)), ours.ToArray());
        }
    }
}
