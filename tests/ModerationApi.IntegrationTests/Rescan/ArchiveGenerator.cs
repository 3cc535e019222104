using System.Text;
using System.Text.Json;

namespace ModerationApi.IntegrationTests.Rescan;

/// <summary>
/// Seeded archives of short posts: benign chatter, donation pages, extremist appeals with checksum-valid Monero
/// addresses, NFT references, Arabic, exact duplicates, and malformed lines at known line numbers.
/// </summary>
internal static class ArchiveGenerator
{
    private const string Xmr = "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";

    private static readonly string[] Texts =
    [
        "Lovely weather in Leeds today, going for a walk by the canal.",
        $"Equip a mujahid of the Islamic State, Monero only: {Xmr}",
        $"Support our open-source wallet project, XMR donations welcome: {Xmr}",
        "Ramadan reminder: zakat is due on savings held for a lunar year.",
        "The khilafah will rise again, join the ranks of the Islamic State, brothers.",
        "Mint the IS-NEWS NFT series on opensea before the kuffar take it down.",
        "Researchers analysed 3,000 propaganda videos to understand online recruitment.",
        "تبرعوا لإخوانكم المجاهدين",
        "My team absolutely killed it at the tournament last night!",
    ];

    /// <summary>Lines (1-based) of a JSON Lines archive that are malformed, with the reason's start.</summary>
    public static readonly IReadOnlyDictionary<string, string> MalformedJsonLines = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["{\"id\":\"no-text\"}"] = "missing 'text'",
        ["{\"id\":\"bad\",\"text\":"] = "invalid JSON",
        ["[\"not\",\"an\",\"object\"]"] = "expected a JSON object",
        ["{\"text\":\"who wrote this\"}"] = "missing 'id'",
    };

    /// <summary>Writes <paramref name="posts"/> posts, with a malformed line after every 500th; returns their line numbers and reasons.</summary>
    public static List<(long Line, string Reason)> WriteJsonLines(string path, int posts, int seed = 4)
    {
        var random = new Random(seed);
        var malformed = MalformedJsonLines.ToList();
        var errors = new List<(long, string)>();
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        var line = 0L;
        for (var i = 0; i < posts; i++)
        {
            writer.Write(JsonSerializer.Serialize(new { id = $"p{i}", text = Text(random, i), user = $"u{i % 17}", likes = i }));
            writer.Write('\n');
            line++;
            if (i % 500 == 499)
            {
                var (bad, reason) = malformed[i / 500 % malformed.Count];
                writer.Write(bad + "\n\n");   // the blank line is skipped, not an error
                errors.Add((++line, reason));
                line++;
            }
        }

        return errors;
    }

    /// <summary>A CSV archive whose texts hold commas, quotes and line breaks; returns the texts by id.</summary>
    public static Dictionary<string, string> WriteCsv(string path, int posts, int seed = 5)
    {
        var random = new Random(seed);
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        writer.Write("post_id,channel,body\r\n");
        for (var i = 0; i < posts; i++)
        {
            var text = i % 3 == 0 ? $"line one, \"quoted\"\r\n{Text(random, i)}" : Text(random, i);
            texts[$"c{i}"] = text;
            writer.Write($"c{i},ch{i % 5},\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"\r\n");
        }

        return texts;
    }

    private static string Text(Random random, int i)
    {
        var text = Texts[random.Next(Texts.Length)];

        // Every seventh post repeats its text exactly: duplicates in a batch are assessed once and must still get a line each.
        return i % 7 == 0 ? text : $"{text} #{random.Next(1000)}";
    }
}
