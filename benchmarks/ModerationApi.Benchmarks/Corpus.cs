using System.Text;
using System.Text.Json;

namespace ModerationApi.Benchmarks;

/// <summary>The project's own benchmark posts (benchmarks/corpus/posts.jsonl) and adversarial inputs.</summary>
internal static class Corpus
{
    public static IReadOnlyList<string> Posts { get; } = Load();

    public static long Utf8Bytes { get; } = Posts.Sum(p => (long)Encoding.UTF8.GetByteCount(p));

    /// <summary>About 20,000 characters of ordinary prose built from the corpus.</summary>
    public static string Ordinary20K { get; } = Fill(string.Join(' ', Posts));

    /// <summary>20,000 characters built to stress each stage: base58 runs, split-address pieces, spaced letters, term prefixes.</summary>
    public static IReadOnlyDictionary<string, string> Adversarial20K { get; } = new Dictionary<string, string>
    {
        ["base58-run"] = Fill("4" + new string('A', 300) + "x"),
        ["address-pieces"] = Fill("48edfHu7 V9Z84Yzz Ma6fUueo ELZ9ZRXq 9VetWzYG "),
        ["spaced-letters"] = Fill("d a e s h k h i l a f a "),
        ["term-prefixes"] = Fill("soldiers of the caliphat mujahideen donat "),
        ["zero-width"] = Fill("d\u200Ba\u200Be\u200Bs\u200Bh "),
    };

    private static string Fill(string seed)
    {
        var sb = new StringBuilder(20_000);
        while (sb.Length < 20_000)
        {
            sb.Append(seed);
        }

        return sb.ToString(0, 20_000);
    }

    private static List<string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "corpus", "posts.jsonl");
        var posts = new List<string>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                posts.Add(JsonDocument.Parse(line).RootElement.GetProperty("text").GetString()!);
            }
        }

        return posts;
    }
}
