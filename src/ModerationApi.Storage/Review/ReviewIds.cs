using System.Security.Cryptography;

namespace ModerationApi.Storage.Review;

/// <summary>
/// Review item ids: <c>r_</c>, then the receive time in milliseconds since the Unix epoch as 10 Crockford base-32
/// digits, then 16 random digits (80 bits). Ordinal order of ids is receive-time order, which is what lets the stores
/// page by id.
/// </summary>
public static class ReviewIds
{
    /// <summary>The id prefix.</summary>
    public const string Prefix = "r_";

    /// <summary>Length of an id.</summary>
    public const int Length = 28;

    private const string Digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int TimeDigits = 10;
    private static readonly System.Buffers.SearchValues<char> DigitSet = System.Buffers.SearchValues.Create(Digits);

    /// <summary>A new id for an item received at <paramref name="receivedAt"/>.</summary>
    public static string New(DateTimeOffset receivedAt)
    {
        Span<char> id = stackalloc char[Length];
        Prefix.AsSpan().CopyTo(id);
        WriteTime(id.Slice(2, TimeDigits), receivedAt);
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        for (var i = 0; i < 16; i++)
        {
            id[2 + TimeDigits + i] = Digits[random[i] & 31];
        }

        return new string(id);
    }

    /// <summary>The smallest id an item received at or after <paramref name="at"/> can have (a prefix).</summary>
    public static string LowerBound(DateTimeOffset at)
    {
        var ms = at.ToUnixTimeMilliseconds() + (at.Ticks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1);
        return Prefix + TimePart(ms);
    }

    /// <summary>A prefix greater than every id of an item received at or before <paramref name="at"/>.</summary>
    public static string UpperBoundExclusive(DateTimeOffset at) => Prefix + TimePart(at.ToUnixTimeMilliseconds() + 1);

    /// <summary>True when <paramref name="id"/> has the shape of an id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.StartsWith(Prefix, StringComparison.Ordinal) && id.AsSpan(2).IndexOfAnyExcept(DigitSet) < 0;

    private static void WriteTime(Span<char> digits, DateTimeOffset at) => TimePart(at.ToUnixTimeMilliseconds()).AsSpan().CopyTo(digits);

    private static string TimePart(long ms)
    {
        ms = Math.Clamp(ms, 0, (1L << 50) - 1);
        Span<char> digits = stackalloc char[TimeDigits];
        for (var i = TimeDigits - 1; i >= 0; i--)
        {
            digits[i] = Digits[(int)(ms & 31)];
            ms >>= 5;
        }

        return new string(digits);
    }
}
