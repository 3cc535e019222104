using ModerationApi.Engine.Classifier;
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

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, "data", "heads", "out", "rules", "cache", CliEngine.SettingsOption);
        var evalFolder = Path.Combine(a.Required("data"), "eval");
        var headsPath = a.Required("heads");
        var outPath = a.Required("out");
        using var encoder = new MiniLmEncoder();
        using var heads = HeadModel.Load(headsPath);
        // With --cache, window embeddings come from (and new ones go to) a scratch file, so re-evaluating new heads
        // does not re-run the encoder; the pipeline is otherwise exactly the service's.
        var cache = a.Optional("cache") is { Length: > 0 } cachePath ? new EmbeddingCache(encoder, cachePath) : null;
        using var classifier = new OnnxTextClassifier(encoder, heads, ownsModels: false, cache is null ? null : cache.EmbedInto);
        using var engine = CliEngine.Builder(a, CliEngine.Configuration(a)).WithClassifier(classifier).Build();

        var results = new List<Scored>();
        foreach (var file in Directory.GetFiles(evalFolder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var rows = DataFiles.ReadFile(file).ToList();
            Console.WriteLine($"{Path.GetFileName(file)}: {rows.Count} rows");
            for (var start = 0; start < rows.Count; start += Batch)
            {
                var slice = rows.Skip(start).Take(Batch).ToList();
                var moderated = await engine.ModerateAsync(slice.ConvertAll(r => new Post(r.Text)));
                for (var i = 0; i < slice.Count; i++)
                {
                    results.Add(new Scored(slice[i], moderated.Verdicts[i]));
                }

                Console.Write($"\r  {Math.Min(start + Batch, rows.Count)}/{rows.Count}");
            }

            Console.WriteLine();
        }

        cache?.Save();
        var report = EvaluationReport.Write(results, engine.ModelVersion, engine.RulesVersion, heads);
        File.WriteAllText(outPath, report.Markdown);
        var svgPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, "eval-roc.svg");
        File.WriteAllText(svgPath, report.Svg);
        Console.WriteLine($"wrote {outPath} and {svgPath}");
        Console.WriteLine(report.Summary);
        return 0;
    }

    /// <summary>A row with its verdict.</summary>
    internal sealed record Scored(LabelledPost Row, Verdict Verdict)
    {
        public bool Flagged => Verdict.Action != ModerationAction.Allow;

        public double Score(string label) => Verdict.Labels[label].Score;
    }
}
