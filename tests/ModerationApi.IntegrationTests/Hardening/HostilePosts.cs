using System.Text;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>The inputs of the attacks in issue 10, generated (never stored): seeded, so every run replays the same bytes.</summary>
internal static class HostilePosts
{
    private const string Base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    /// <summary>Space-separated random 8-character base58 tokens, <paramref name="length"/> characters in all.</summary>
    public static string Base58Words(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            for (var i = 0; i < 8 && text.Length < length; i++)
            {
                text.Append(Base58Alphabet[random.Next(Base58Alphabet.Length)]);
            }
        }

        return text.ToString(0, length);
    }

    /// <summary>Space-separated runs of digits.</summary>
    public static string DigitRuns(int length, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            text.Append(random.NextInt64(1_000_000_000_000, 9_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }

        return text.ToString(0, length);
    }
}
