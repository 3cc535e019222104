using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Screening;

namespace ModerationApi.Benchmarks;

/// <summary>
/// <c>screen --data &lt;shared/data&gt; [--negatives N] [--rounds 3] [--seed 13]</c>: the engine with its defaults (encoder
/// screen on, fp32 encoder, no cache) against raw fp32 ONNX Runtime (<see cref="RawOrtBaseline"/>) on the same posts in
/// the same process, rounds alternating, on a traffic mix from <c>eval/</c> with realistic prevalence; then the
/// full pipeline (screen off) once on the same posts, for recall and false positives.
/// </summary>
/// <remarks>
/// The mix (English only: the screen gates the English encoder, and raw ORT would be given Arabic it cannot read):
/// negatives are every row of news (with terrorism stories), everyday tweets, charity appeals, CONAN counter-speech,
/// Stormfront noHate sentences and the crypto donation pages (or <c>--negatives N</c> of them); positives make 2 % of
/// the mix: every MIWS quote, topped up with English pro-ISIS account tweets. Hateful statements (CONAN hate_speech,
/// Stormfront hate) are left out: they are neither the positives nor clean negatives. Each draw orders a pool by
/// SHA-256 of seed and row id and takes the first rows; the mix is shuffled the same way (seed + 1). Both sides get the posts in groups of 256 (a batch request): the engine moderates
/// each group as one batch, raw ORT sorts and batches within it.
/// </remarks>
internal static class ScreenHarness
{
    private const int Group = 256;
    private const double Prevalence = 0.02;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly (string File, string? Label)[] NegativeFiles =
    [
        ("news", null), ("general_tweets", null), ("charity_appeals", null), ("multitarget_conan", "counter_speech"),
        ("stormfront_sentences", "far_right_forum_nohate"), ("crypto_donation_pages", null),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var data = Option(args, "--data") ?? throw new ArgumentException("screen needs --data <shared/data>");
        var negativeCap = Option(args, "--negatives") is { } cap ? int.Parse(cap, Inv) : int.MaxValue;
        var rounds = int.Parse(Option(args, "--rounds") ?? "3", Inv);
        var seed = int.Parse(Option(args, "--seed") ?? "13", Inv);
        var eval = Path.Combine(data, "eval");

        var negatives = Draw(NegativeFiles.SelectMany(f => Read(eval, f.File, f.Label)), negativeCap, seed);
        var positiveCount = (int)Math.Round(negatives.Count * Prevalence / (1 - Prevalence));
        var miws = Draw(Read(eval, "miws_extremist_quotes", null), positiveCount, seed);
        var proIsis = Draw(Read(eval, "pro_isis_accounts", null).Where(r => r.Lang is null or "en"), positiveCount - miws.Count, seed);
        var mix = Draw(miws.Concat(proIsis).Select(r => r with { Positive = true }).Concat(negatives), int.MaxValue, seed + 1);
        var posts = mix.ConvertAll(r => r.Text);
        Console.WriteLine($"mix: {mix.Count} posts, {mix.Count(r => r.Positive)} positives ({string.Join(", ", Counts(mix.Where(r => r.Positive)))}); negatives: {string.Join(", ", Counts(mix.Where(r => !r.Positive)))}");

        using var raw = new RawOrtBaseline(posts, threads: 2, batchSize: 32, groupSize: Group);
        using var screened = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions()).WithScreen(new ScreenOptions()).Build();
        using var full = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions()).Build();
        Console.WriteLine($"screened engine {screened.ModelVersion}; full pipeline {full.ModelVersion}");

        // Warm-up on one group each: the first runs allocate arenas and page the weights in.
        raw.Run(0);
        await screened.ModerateAsync(posts.Take(Group).Select(p => new Post(p)).ToList());
        await full.ModerateAsync(posts.Take(Group).Select(p => new Post(p)).ToList());

        var rawRates = new List<double>();
        var engineRates = new List<double>();
        List<Verdict>? verdicts = null;
        for (var r = 0; r < rounds; r++)
        {
            var rawFirst = r % 2 == 0;
            double TimeRaw()
            {
                var watch = Stopwatch.StartNew();
                raw.Run();
                return posts.Count / watch.Elapsed.TotalSeconds;
            }

            async Task<double> TimeEngine()
            {
                var watch = Stopwatch.StartNew();
                verdicts = await ModerateAll(screened, posts);
                return posts.Count / watch.Elapsed.TotalSeconds;
            }

            var first = rawFirst ? TimeRaw() : await TimeEngine();
            var second = rawFirst ? await TimeEngine() : TimeRaw();
            rawRates.Add(rawFirst ? first : second);
            engineRates.Add(rawFirst ? second : first);
            Console.WriteLine(string.Create(Inv, $"round {r + 1}: raw fp32 ORT {rawRates[^1]:0.0} posts/s, engine (screen on) {engineRates[^1]:0.0} posts/s, ratio {engineRates[^1] / rawRates[^1]:0.00}"));
        }

        var fullWatch = Stopwatch.StartNew();
        var fullVerdicts = await ModerateAll(full, posts);
        var fullRate = posts.Count / fullWatch.Elapsed.TotalSeconds;

        var cleared = verdicts!.Count(v => v.Coverage.Any(c => c.Screened));
        Console.WriteLine(string.Create(Inv, $"median: raw {RoundStats.Median(rawRates):0.0} posts/s, engine {RoundStats.Median(engineRates):0.0} posts/s; median of per-round ratios {RoundStats.Median(engineRates.Zip(rawRates, (e, b) => e / b).ToList()):0.00}"));
        Console.WriteLine(string.Create(Inv, $"full pipeline (screen off), once after the rounds: {fullRate:0.0} posts/s ({fullRate / RoundStats.Median(rawRates):0.00} x the raw median)"));
        Console.WriteLine(string.Create(Inv, $"screen cleared {cleared} of {posts.Count} posts ({cleared / (double)posts.Count:P1})"));
        foreach (var group in mix.Select((row, i) => (row, i)).GroupBy(x => x.row.Key).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var n = group.Count();
            var c = group.Count(x => verdicts![x.i].Coverage.Any(v => v.Screened));
            var flaggedOn = group.Count(x => verdicts![x.i].Action != ModerationAction.Allow);
            var flaggedOff = group.Count(x => fullVerdicts[x.i].Action != ModerationAction.Allow);
            Console.WriteLine(string.Create(Inv, $"  {group.Key,-45} {n,5} posts, cleared {c,5} ({c / (double)n:P1}), flagged with screen {flaggedOn,4}, full pipeline {flaggedOff,4}"));
        }

        var positiveIndexes = mix.Select((row, i) => (row, i)).Where(x => x.row.Positive).Select(x => x.i).ToList();
        var negativeIndexes = mix.Select((row, i) => (row, i)).Where(x => !x.row.Positive).Select(x => x.i).ToList();
        double Rate(List<int> indexes, List<Verdict> v) => indexes.Count(i => v[i].Action != ModerationAction.Allow) / (double)indexes.Count;
        Console.WriteLine(string.Create(Inv, $"positives flagged: screen on {Rate(positiveIndexes, verdicts!):P1}, full pipeline {Rate(positiveIndexes, fullVerdicts):P1}; negatives flagged: screen on {Rate(negativeIndexes, verdicts!):P2}, full pipeline {Rate(negativeIndexes, fullVerdicts):P2}"));
        var changed = Enumerable.Range(0, posts.Count).Count(i => verdicts![i].Action != fullVerdicts[i].Action);
        Console.WriteLine($"posts whose action differs between screen on and off: {changed}");
        return 0;
    }

    private static async Task<List<Verdict>> ModerateAll(ModerationEngine engine, List<string> posts)
    {
        var verdicts = new List<Verdict>(posts.Count);
        for (var start = 0; start < posts.Count; start += Group)
        {
            var batch = await engine.ModerateAsync(posts.Skip(start).Take(Group).Select(p => new Post(p)).ToList());
            verdicts.AddRange(batch.Verdicts);
        }

        return verdicts;
    }

    private static IEnumerable<string> Counts(IEnumerable<MixRow> rows) =>
        rows.GroupBy(r => r.Key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");

    private static List<MixRow> Draw(IEnumerable<MixRow> pool, int count, int seed) =>
        pool.OrderBy(r => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}:{r.Id}"))), StringComparer.Ordinal).Take(count).ToList();

    private static IEnumerable<MixRow> Read(string folder, string file, string? label)
    {
        foreach (var line in File.ReadLines(Path.Combine(folder, file + ".jsonl")))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var rowLabel = root.GetProperty("label").GetString() ?? string.Empty;
            if (label is null || rowLabel == label)
            {
                var lang = root.TryGetProperty("lang", out var l) ? l.GetString() : null;
                yield return new MixRow(root.GetProperty("id").ToString(), root.GetProperty("text").GetString() ?? string.Empty, $"{file}/{rowLabel}", lang, false);
            }
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
