namespace ModerationApi.Engine.Crypto;

/// <summary>
/// Monero's block-wise base58 (monero-project/monero src/common/base58.cpp): 8-byte blocks encode to exactly 11
/// characters, a final partial block of n bytes to <see cref="EncodedBlockSizes"/>[n] characters.
/// </summary>
internal static class MoneroBase58
{
    private const int FullBlockSize = 8;
    private const int FullEncodedBlockSize = 11;

    // Index = decoded byte count, value = encoded character count.
    private static ReadOnlySpan<byte> EncodedBlockSizes => [0, 2, 3, 5, 6, 7, 9, 10, 11];

    // Index = encoded character count, value = decoded byte count, -1 for lengths no block can have.
    private static ReadOnlySpan<sbyte> DecodedBlockSizes => [0, -1, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8];

    /// <summary>Returns the decoded byte count of an encoded string, or -1 if no byte string encodes to that length.</summary>
    internal static int DecodedLength(int encodedLength)
    {
        var last = DecodedBlockSizes[encodedLength % FullEncodedBlockSize];
        return last < 0 ? -1 : (encodedLength / FullEncodedBlockSize * FullBlockSize) + last;
    }

    /// <summary>Decodes <paramref name="text"/>; <paramref name="destination"/> must be exactly <see cref="DecodedLength"/> long.</summary>
    internal static bool TryDecode(ReadOnlySpan<char> text, Span<byte> destination)
    {
        if (DecodedLength(text.Length) != destination.Length)
        {
            return false;
        }

        while (!text.IsEmpty)
        {
            var encoded = Math.Min(FullEncodedBlockSize, text.Length);
            var decoded = DecodedBlockSizes[encoded];
            if (!TryDecodeBlock(text[..encoded], destination[..decoded]))
            {
                return false;
            }

            text = text[encoded..];
            destination = destination[decoded..];
        }

        return true;
    }

    /// <summary>
    /// Decodes one block, rejecting bad symbols and values that overflow the block's byte size, as the reference
    /// decoder does (libraries that skip the overflow check accept strings Monero wallets refuse).
    /// </summary>
    internal static bool TryDecodeBlock(ReadOnlySpan<char> block, Span<byte> destination)
    {
        ulong value = 0;
        ulong order = 1;
        for (var i = block.Length - 1; i >= 0; i--)
        {
            var digit = Base58.DigitValue(block[i]);
            if (digit < 0)
            {
                return false;
            }

            var high = Math.BigMul(order, (ulong)digit, out var low);
            var sum = value + low;
            if (high != 0 || sum < value)
            {
                return false;
            }

            value = sum;
            if (i > 0)
            {
                order *= 58;
            }
        }

        if (destination.Length < FullBlockSize && value >> (8 * destination.Length) != 0)
        {
            return false;
        }

        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }

        return true;
    }

    /// <summary>Encodes bytes block-wise; used to build test addresses from known keys.</summary>
    internal static string Encode(ReadOnlySpan<byte> data)
    {
        var fullBlocks = data.Length / FullBlockSize;
        var lastBlock = data.Length % FullBlockSize;
        var chars = new char[(fullBlocks * FullEncodedBlockSize) + EncodedBlockSizes[lastBlock]];
        var output = chars.AsSpan();
        while (!data.IsEmpty)
        {
            var size = Math.Min(FullBlockSize, data.Length);
            var encodedSize = EncodedBlockSizes[size];
            ulong value = 0;
            foreach (var b in data[..size])
            {
                value = (value << 8) | b;
            }

            for (var i = encodedSize - 1; i >= 0; i--)
            {
                output[i] = Base58.Alphabet[(int)(value % 58)];
                value /= 58;
            }

            data = data[size..];
            output = output[encodedSize..];
        }

        return new string(chars);
    }
}
