using ModerationApi.Cli.Arabic;
using System.Text.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Cli;

/// <summary>
/// <c>moderation evaluate</c>: runs the engine (rules + model + policy, as shipped, or as <c>--settings</c> says) over every file of
/// <c>eval/</c> and writes <c>models/EVAL.md</c> with flag rates per source, ROC-AUC and PR-AUC, the Arabic comparison
/// and an ROC plot as SVG.
/// </summary>
internal static class EvaluateCommand
{
    private const int Batch = 128;
    private static readonly JsonSerializerOptions MetricsJson = new() { WriteIndented = true };

    // Long on purpose: an offline report script (every eval file, the routing comparison, the Arabic files without
    // hashtags, then the report) that reads top to bottom in the order it runs.
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, ["no-routing", "routing-check"], "data", "heads", "out", "rules", "cache", "arabic", "files", "adapter", "precision", "before", "speed-rounds", CliEngine.SettingsOption, CliEngine.ScreenOption);
        var evalFolder = Path.Combine(a.Required("data"), "eval");
        var headsPath = a.Required("heads");
        var outPath = a.Required("out");
        var normalizer = new TextNormalizer();
        using var encoder = new MiniLmEncoder(ModelArguments.Encoder(a, headsPath: headsPath));
        using var heads = HeadModel.Load(headsPath);
        // With --cache, window embeddings come from (and new ones go to) a scratch file, so re-evaluating new heads
        // does not re-run the encoder; the pipeline is otherwise exactly the service's.
        var cache = a.Optional("cache") is { Length: > 0 } cachePath ? new EmbeddingCache(encoder, cachePath) : null;
        using var classifier = new OnnxTextClassifier(encoder, heads, ownsModels: false, cache is null ? null : cache.EmbedInto);
        // As the service runs: English views to the English model, Arabic views to the Arabic model (--no-routing
        // gives the English model every post whole, as before routing, to check that English results are unchanged).
        var arabic = a.Optional("arabic") is { Length: > 0 } arabicPath ? new ArabicTextClassifier(HashedNgramModel.Load(HashedModelFormat.Arabic, arabicPath)) : null;
        ITextClassifier routed = a.Flag("no-routing") ? classifier : new LanguageRoutingClassifier(classifier, arabic);
        var configuration = CliEngine.Configuration(a);
        // The encoder screen as the service runs it (on by default; --screen none for the full pipeline).
        var screen = CliEngine.Screen(a, configuration);
        using var engine = CliEngine.Builder(a, configuration).WithClassifier(routed).WithScreen(screen, arabic).Build();

        var results = new List<Scored>();
        // --files picks some eval files (comma-separated names without .jsonl), e.g. only the Arabic ones.
        var only = a.Optional("files")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var unrouted = CliEngine.Builder(a, configuration).WithClassifier(classifier).WithScreen(screen, arabic).Build();
        var routingChanged = new List<(Scored Routed, Verdict Unrouted)>();
        var routingExamined = 0;
        var routingReasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(evalFolder, "*.jsonl").Order(StringComparer.Ordinal)
            .Where(f => only is null || only.Contains(Path.GetFileNameWithoutExtension(f))))
        {
            var rows = DataFiles.ReadFile(file).ToList();
            Console.WriteLine($"{Path.GetFileName(file)}: {rows.Count} rows");
            for (var start = 0; start < rows.Count; start += Batch)
            {
                var slice = rows.Skip(start).Take(Batch).ToList();
                var posts = slice.ConvertAll(r => new Post(r.Text));
                var english = !ArabicEvaluation.Files.Contains(Path.GetFileNameWithoutExtension(file));

                // --routing-check: of the non-Arabic files only the rows routing reads differently are run (routed
                // and as before routing); the English model reads every other row exactly as before.
                var routingOnly = a.Flag("routing-check") && english;
                var assessments = routingOnly ? [] : (await engine.ModerateAsync(posts)).Verdicts;
                for (var i = 0; i < assessments.Count; i++)
                {
                    results.Add(new Scored(slice[i], assessments[i]));
                }

                // Where routing gave the English model something other than the whole post (or nothing), the post
                // is also run as before routing, to show what routing changed outside Arabic.
                if (!a.Flag("no-routing") && english)
                {
                    routingExamined += slice.Count;
                    var changed = new List<int>();
                    for (var i = 0; i < slice.Count; i++)
                    {
                        var analysis = LanguageDetector.Analyze(normalizer.Canonicalize(slice[i].Text).Text);
                        var view = analysis.View(LanguageRoutingClassifier.English);
                        if (view is not { IsWholeText: true })
                        {
                            changed.Add(i);
                            var reason = view is not null ? "English view cut (other scripts, invisible characters, floods or other-language sentences)"
                                : analysis.Languages.Count == 0 ? "no letters outside links and mentions"
                                : $"no English view, main language {analysis.Languages[0]}";
                            routingReasons[reason] = routingReasons.GetValueOrDefault(reason) + 1;
                        }
                    }

                    if (changed.Count > 0)
                    {
                        var before = (await unrouted.ModerateAsync(changed.ConvertAll(i => posts[i]))).Verdicts;
                        var after = routingOnly ? (await engine.ModerateAsync(changed.ConvertAll(i => posts[i]))).Verdicts : changed.ConvertAll(i => assessments[i]);
                        routingChanged.AddRange(changed.Select((i, k) => (new Scored(slice[i], after[k]), before[k])));
                    }
                }

                Console.Write($"\r  {Math.Min(start + Batch, rows.Count)}/{rows.Count}");
            }

            Console.WriteLine();
        }

        // The Arabic files once more with hashtags removed: the ISIS set's hashtags are a shortcut a model can lean on.
        var stripped = new List<Scored>();
        foreach (var name in ArabicEvaluation.Files)
        {
            var path = Path.Combine(evalFolder, name + ".jsonl");
            if (!File.Exists(path))
            {
                continue;
            }

            var rows = DataFiles.ReadFile(path).Select(r => r with { Text = ArabicEvaluation.StripHashtags(r.Text) }).ToList();
            for (var start = 0; start < rows.Count; start += Batch)
            {
                var slice = rows.Skip(start).Take(Batch).ToList();
                var assessments = (await engine.ModerateAsync(slice.ConvertAll(r => new Post(r.Text)))).Verdicts;
                stripped.AddRange(slice.Select((r, i) => new Scored(r, assessments[i])));
            }
        }

        cache?.Save();
        if (only is not null || a.Flag("routing-check"))
        {
            // A subset cannot fill the whole report (its ROC needs every source): only the Arabic and routing parts.
            var partial = new System.Text.StringBuilder();
            var partialSummary = new System.Text.StringBuilder();
            partial.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"# Partial evaluation ({string.Join(", ", only ?? ["all files, --routing-check"])})").AppendLine();
            partial.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"Model `{engine.ModelVersion}`, rules `{engine.RulesVersion}`.").AppendLine();
            ArabicEvaluation.Write(partial, partialSummary, results, stripped, routingChanged, routingExamined, routingReasons);
            File.WriteAllText(outPath, partial.ToString());
            Console.WriteLine($"wrote {outPath}");
            Console.WriteLine(partialSummary);
            return 0;
        }

        var earlier = a.Optional("before") is { Length: > 0 } beforePath
            ? JsonSerializer.Deserialize<EvaluationMetrics>(File.ReadAllText(beforePath)) ?? throw new InvalidDataException($"{beforePath} is empty")
            : null;
        var report = EvaluationReport.Write(results, engine.ModelVersion, engine.RulesVersion, heads, stripped, routingChanged, routingExamined, routingReasons, earlier);
        var markdown = report.Markdown + ScreenSection(results);
        if (int.Parse(a.Optional("speed-rounds", "0"), System.Globalization.CultureInfo.InvariantCulture) is > 0 and var rounds)
        {
            var english = results.Where(r => !ArabicEvaluation.Files.Contains(r.Row.Source)).Select(r => r.Row.Text).ToList();
            markdown += EncoderSpeedReport.Measure(encoder, english, rounds);
        }

        File.WriteAllText(outPath, markdown);
        var metricsPath = Path.ChangeExtension(Path.GetFullPath(outPath), ".json");
        File.WriteAllText(metricsPath, JsonSerializer.Serialize(new EvaluationMetrics(engine.ModelVersion, engine.RulesVersion, report.Metrics), MetricsJson) + "\n");
        var svgPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, "eval-roc.svg");
        File.WriteAllText(svgPath, report.Svg);
        Console.WriteLine($"wrote {outPath} and {svgPath}");
        Console.WriteLine(report.Summary);
        return 0;
    }

    // Per source, the posts the encoder screen cleared (their English view skipped the encoder); empty when it is off.
    private static string ScreenSection(List<Scored> results)
    {
        if (!results.Any(r => r.Verdict.Coverage.Any(c => c.Screened)))
        {
            return string.Empty;
        }

        var md = new System.Text.StringBuilder();
        md.AppendLine().AppendLine("## Encoder screen").AppendLine();
        md.AppendLine("Posts whose English view the screen cleared (they skipped the encoder), per source and label.").AppendLine();
        md.AppendLine("| source / label | rows | cleared | share |").AppendLine("|---|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => $"{r.Row.Source} / {r.Row.Label}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var cleared = group.Count(r => r.Verdict.Coverage.Any(c => c.Screened));
            md.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} | {cleared} | {cleared / (double)group.Count():P1} |");
        }

        var total = results.Count(r => r.Verdict.Coverage.Any(c => c.Screened));
        md.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"| all | {results.Count} | {total} | {total / (double)results.Count:P1} |");
        Console.Write(md);
        return md.ToString();
    }

    /// <summary>A row with its assessment.</summary>
    internal sealed record Scored(LabelledPost Row, Verdict Verdict)
    {
        public bool Flagged => Verdict.Action != ModerationAction.Allow;

        public double Score(string label) => Verdict.Labels[label].Score;
    }
}
