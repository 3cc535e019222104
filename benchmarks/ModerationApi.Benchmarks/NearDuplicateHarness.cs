using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Normalization;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The known-content bank's precision and recall on the project corpus:
/// <c>-- near-duplicates [--corpus models/corpus] [--distance 15] [--similarity 0.7] [--min-words 6]</c>.
/// <list type="number">
/// <item>Precision: every pair of distinct corpus posts (distinct shingle sets) is checked the way the bank checks a
/// post against an entry; a pair within the SimHash distance whose shingle similarity reaches the threshold would be a
/// wrong block. Printed with the largest similarity of any pair and how many pairs the SimHash alone would pass.</item>
/// <item>Recall: every post is banked, then each post is edited (one word dropped, inserted or substituted, hashtags
/// and emoji added, a substitution plus emoji) and looked up; a hit must name the post it came from. Edits use a fixed
/// seed, so runs are comparable. Printed for the settings given and, for comparison, for SimHash-only matching at
/// 3 bits (the bank before verification) and for 12 bits.</item>
/// </list>
/// </summary>
internal static class NearDuplicateHarness
{
    private static readonly string[] Edits = ["drop", "insert", "substitute", "hashtags+emoji", "substitute+emoji"];

    // Long on purpose: a script that prints its report as it measures; splitting it would only move the printing.
    public static int Run(string[] args)
    {
        var corpus = Option(args, "--corpus", Path.Combine("models", "corpus"));
        var distance = int.Parse(Option(args, "--distance", KnownContentIndex.DefaultMaxDistance.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var similarity = double.Parse(Option(args, "--similarity", KnownContentIndex.DefaultMinSimilarity.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var minWords = int.Parse(Option(args, "--min-words", KnownContentIndex.DefaultMinWords.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var normalizer = new TextNormalizer();
        var posts = new List<string>();
        foreach (var file in Directory.GetFiles(corpus, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file).Where(l => l.Trim().Length > 0))
            {
                using var document = JsonDocument.Parse(line);
                posts.Add(document.RootElement.GetProperty("text").GetString()!);
            }
        }

        var fingerprints = posts.Select(p => ContentFingerprint.OfPost(normalizer, p)).ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var distinct = Enumerable.Range(0, posts.Count).Where(i => seen.Add(string.Join(',', fingerprints[i].Shingles.ToArray()))).ToList();
        var eligible = distinct.Where(i => fingerprints[i].WordCount >= minWords).ToList();
        Console.WriteLine($"corpus: {posts.Count} posts, {distinct.Count} distinct, {eligible.Count} with at least {minWords} words");

        var (falseMatches, simHashOnly, maxSimilarity) = (0, 0, 0.0);
        for (var x = 0; x < distinct.Count; x++)
        {
            for (var y = x + 1; y < distinct.Count; y++)
            {
                var (a, b) = (fingerprints[distinct[x]], fingerprints[distinct[y]]);
                var j = a.Similarity(b);
                maxSimilarity = Math.Max(maxSimilarity, j);
                var near = SimHash.Distance(a.SimHash, b.SimHash) <= distance && Math.Min(a.WordCount, b.WordCount) >= minWords;
                simHashOnly += near ? 1 : 0;
                falseMatches += near && j >= similarity ? 1 : 0;
            }
        }

        var pairs = (long)distinct.Count * (distinct.Count - 1) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"precision: {pairs} pairs of distinct posts; within {distance} bits: {simHashOnly}; false matches at similarity >= {similarity}: {falseMatches}; largest pair similarity {maxSimilarity:0.000}"));

        var vocabulary = posts.SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(w => w.Length > 2 && w.All(char.IsLetter)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        foreach (var (d, s, w, name) in new[] { (3, 1e-9, 1, "SimHash only, 3 bits"), (12, similarity, minWords, "12 bits + shingles"), (distance, similarity, minWords, "configured") })
        {
            var index = new KnownContentIndex(d, s, w);
            foreach (var i in distinct)
            {
                index.AddBlocked(new KnownContentEntry(i.ToString("x64", CultureInfo.InvariantCulture), fingerprints[i].SimHash, Id(i), "label"), fingerprints[i]);
            }

            var line = string.Create(CultureInfo.InvariantCulture, $"recall ({name}: distance {d}, similarity {s:0.##}, min words {w}):");
            var queries = new List<ContentFingerprint>();
            foreach (var edit in Edits)
            {
                var random = new Random(42);
                var (hits, wrong) = (0, 0);
                foreach (var i in eligible)
                {
                    var query = ContentFingerprint.OfPost(normalizer, Edit(posts[i], edit, random, vocabulary));
                    queries.Add(query);
                    if (index.FindNear(query) is { } match)
                    {
                        (hits, wrong) = match.Entry.ItemId == Id(i) ? (hits + 1, wrong) : (hits, wrong + 1);
                    }
                }

                line += string.Create(CultureInfo.InvariantCulture, $" {edit} {hits}/{eligible.Count} ({100.0 * hits / eligible.Count:0.0}%, {wrong} wrong);");
            }

            var watch = Stopwatch.StartNew();
            const int Repeats = 5;
            for (var r = 0; r < Repeats; r++)
            {
                foreach (var query in queries)
                {
                    index.FindNear(query);
                }
            }

            Console.WriteLine(line + string.Create(CultureInfo.InvariantCulture, $" lookup {watch.Elapsed.TotalMicroseconds / (Repeats * queries.Count):0.00} us mean over {index.BlockedCount} entries"));
        }

        return 0;
    }

    private static string Id(int i) => "r_" + i.ToString(CultureInfo.InvariantCulture);

    private static string Edit(string post, string edit, Random random, string[] vocabulary)
    {
        var words = post.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        switch (edit)
        {
            case "drop":
                words.RemoveAt(random.Next(words.Count));
                break;
            case "insert":
                words.Insert(random.Next(words.Count + 1), vocabulary[random.Next(vocabulary.Length)]);
                break;
            case "substitute":
                words[random.Next(words.Count)] = vocabulary[random.Next(vocabulary.Length)];
                break;
            case "hashtags+emoji":
                return post + " #freedom #news 🔥🦁 @someone";
            default:
                words[random.Next(words.Count)] = vocabulary[random.Next(vocabulary.Length)];
                return "🔥 " + string.Join(' ', words) + " 🦁";
        }

        return string.Join(' ', words);
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
