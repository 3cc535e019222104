using System.Text.Json;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.Cli;

/// <summary>
/// <c>moderation evaluate</c>: runs the full pipeline (rules + model + policy, as shipped) over every file of
/// <c>eval/</c> and writes <c>models/EVAL.md</c> with flag rates per source, ROC-AUC and PR-AUC, the Arabic comparison
/// and an ROC plot as SVG.
/// </summary>
internal static class EvaluateCommand
{
    private const int Batch = 128;
    private static readonly JsonSerializerOptions MetricsJson = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args)
    {
        var a = new Arguments(args, "data", "heads", "out", "rules", "cache", "adapter", "before");
        var evalFolder = Path.Combine(a.Required("data"), "eval");
        var headsPath = a.Required("heads");
        var outPath = a.Required("out");
        var rulesPath = a.Optional("rules", Path.Combine(AppContext.BaseDirectory, "models", "rules"));

        var normalizer = new TextNormalizer();
        var rules = new RuleSetProvider(normalizer, rulesPath, null);
        using var encoder = new MiniLmEncoder(ModelArguments.Encoder(a));
        using var heads = HeadModel.Load(headsPath);
        // With --cache, window embeddings come from (and new ones go to) a scratch file, so re-evaluating new heads
        // does not re-run the encoder; the pipeline is otherwise exactly the service's.
        var cache = a.Optional("cache") is { Length: > 0 } cachePath ? new EmbeddingCache(encoder, cachePath) : null;
        using var classifier = new OnnxTextClassifier(encoder, heads, ownsModels: false, cache is null ? null : cache.EmbedInto);
        var pipeline = new ModerationPipeline(normalizer, rules, new PolicyEngine(new PolicyOptions()), classifier);

        var results = new List<Scored>();
        foreach (var file in Directory.GetFiles(evalFolder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            var rows = DataFiles.ReadFile(file).ToList();
            Console.WriteLine($"{Path.GetFileName(file)}: {rows.Count} rows");
            for (var start = 0; start < rows.Count; start += Batch)
            {
                var slice = rows.Skip(start).Take(Batch).ToList();
                var prepared = slice.ConvertAll(r => pipeline.Prepare(r.Text));
                var assessments = await pipeline.AssessAsync(prepared);
                for (var i = 0; i < slice.Count; i++)
                {
                    results.Add(new Scored(slice[i], assessments[i]));
                }

                Console.Write($"\r  {Math.Min(start + Batch, rows.Count)}/{rows.Count}");
            }

            Console.WriteLine();
        }

        cache?.Save();
        var before = a.Optional("before") is { Length: > 0 } beforePath
            ? JsonSerializer.Deserialize<EvaluationMetrics>(File.ReadAllText(beforePath)) ?? throw new InvalidDataException($"{beforePath} is empty")
            : null;
        var report = EvaluationReport.Write(results, pipeline.ModelVersion, pipeline.RulesVersion, heads, before);
        File.WriteAllText(outPath, report.Markdown);
        var metricsPath = Path.ChangeExtension(Path.GetFullPath(outPath), ".json");
        File.WriteAllText(metricsPath, JsonSerializer.Serialize(new EvaluationMetrics(pipeline.ModelVersion, pipeline.RulesVersion, report.Metrics), MetricsJson) + "\n");
        var svgPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, "eval-roc.svg");
        File.WriteAllText(svgPath, report.Svg);
        Console.WriteLine($"wrote {outPath} and {svgPath}");
        Console.WriteLine(report.Summary);
        return 0;
    }

    /// <summary>A row with its assessment.</summary>
    internal sealed record Scored(LabelledPost Row, Assessment Assessment)
    {
        public bool Flagged => Assessment.Action != ModerationAction.Allow;

        public double Score(string label) => Assessment.Labels[label].Score;
    }
}
