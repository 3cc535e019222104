using System.Buffers.Binary;
using System.Numerics;

namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Keccak-256 as used by Monero and Ethereum: the original Keccak submission padding (domain byte 0x01),
/// which is NOT the FIPS 202 SHA3-256 padding (0x06). .NET only ships SHA3, so the sponge is implemented here.
/// </summary>
internal static class Keccak256
{
    internal const int HashSizeInBytes = 32;

    /// <summary>Domain/padding byte of the original Keccak submission.</summary>
    internal const byte KeccakPadding = 0x01;

    /// <summary>Domain/padding byte of FIPS 202 SHA3; only used to cross-check the sponge against .NET's SHA3-256.</summary>
    internal const byte Sha3Padding = 0x06;

    // 1600-bit state, 512-bit capacity: rate = 200 - 2 * 32 bytes.
    private const int RateInBytes = 136;
    private const int RateInLanes = RateInBytes / 8;
    private const int Rounds = 24;

    private static readonly ulong[] RoundConstants =
    [
        0x0000000000000001UL, 0x0000000000008082UL, 0x800000000000808AUL, 0x8000000080008000UL,
        0x000000000000808BUL, 0x0000000080000001UL, 0x8000000080008081UL, 0x8000000000008009UL,
        0x000000000000008AUL, 0x0000000000000088UL, 0x0000000080008009UL, 0x000000008000000AUL,
        0x000000008000808BUL, 0x800000000000008BUL, 0x8000000000008089UL, 0x8000000000008003UL,
        0x8000000000008002UL, 0x8000000000000080UL, 0x000000000000800AUL, 0x800000008000000AUL,
        0x8000000080008081UL, 0x8000000000008080UL, 0x0000000080000001UL, 0x8000000080008008UL,
    ];

    // Rho rotation offsets indexed by lane x + 5y.
    private static readonly int[] RotationOffsets =
    [
        0, 1, 62, 28, 27,
        36, 44, 6, 55, 20,
        3, 10, 43, 25, 39,
        41, 45, 15, 21, 8,
        18, 2, 61, 56, 14,
    ];

    /// <summary>Computes Keccak-256 (original padding) of <paramref name="source"/> into the first 32 bytes of <paramref name="destination"/>.</summary>
    internal static void HashData(ReadOnlySpan<byte> source, Span<byte> destination) =>
        HashData(source, destination, KeccakPadding);

    /// <summary>Runs the 256-bit sponge with the given domain padding byte.</summary>
    internal static void HashData(ReadOnlySpan<byte> source, Span<byte> destination, byte paddingByte)
    {
        if (destination.Length < HashSizeInBytes)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        Span<ulong> state = stackalloc ulong[25];
        state.Clear();
        while (source.Length >= RateInBytes)
        {
            Absorb(state, source[..RateInBytes]);
            Permute(state);
            source = source[RateInBytes..];
        }

        Span<byte> last = stackalloc byte[RateInBytes];
        last.Clear();
        source.CopyTo(last);
        last[source.Length] ^= paddingByte;
        last[RateInBytes - 1] ^= 0x80;
        Absorb(state, last);
        Permute(state);

        for (var i = 0; i < HashSizeInBytes / 8; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(i * 8)..], state[i]);
        }
    }

    private static void Absorb(Span<ulong> state, ReadOnlySpan<byte> block)
    {
        for (var i = 0; i < RateInLanes; i++)
        {
            state[i] ^= BinaryPrimitives.ReadUInt64LittleEndian(block[(i * 8)..]);
        }
    }

    private static void Permute(Span<ulong> a)
    {
        Span<ulong> c = stackalloc ulong[5];
        Span<ulong> b = stackalloc ulong[25];
        for (var round = 0; round < Rounds; round++)
        {
            // Theta.
            for (var x = 0; x < 5; x++)
            {
                c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
            }

            for (var x = 0; x < 5; x++)
            {
                var d = c[(x + 4) % 5] ^ BitOperations.RotateLeft(c[(x + 1) % 5], 1);
                for (var y = 0; y < 25; y += 5)
                {
                    a[x + y] ^= d;
                }
            }

            // Rho and pi: lane (x, y) moves to (y, 2x + 3y).
            for (var x = 0; x < 5; x++)
            {
                for (var y = 0; y < 5; y++)
                {
                    var lane = x + (5 * y);
                    b[y + (5 * (((2 * x) + (3 * y)) % 5))] = BitOperations.RotateLeft(a[lane], RotationOffsets[lane]);
                }
            }

            // Chi.
            for (var y = 0; y < 25; y += 5)
            {
                for (var x = 0; x < 5; x++)
                {
                    a[x + y] = b[x + y] ^ (~b[((x + 1) % 5) + y] & b[((x + 2) % 5) + y]);
                }
            }

            // Iota.
            a[0] ^= RoundConstants[round];
        }
    }
}
