using System.Text;
using BenchmarkDotNet.Attributes;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Benchmarks;

/// <summary>
/// Normalisation + rules + policy over the whole corpus per operation. The baseline is the least any moderation
/// service does to text (NFKC plus lower-casing), on the same posts in the same process, so the ratio survives noise.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class RulePathBenchmarks
{
    private ModerationEngine _engine = null!;
    private TextNormalizer _normalizer = null!;
    private IReadOnlyList<string> _posts = null!;

    [GlobalSetup]
    public void Setup()
    {
        _normalizer = new TextNormalizer();
        _engine = ShippedEngine.Create();
        _posts = Corpus.Posts;
    }

    [Benchmark(Baseline = true, Description = "baseline: NFKC + lower-case")]
    public int BaselineNfkcLower()
    {
        var total = 0;
        foreach (var post in _posts)
        {
            total += post.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Length;
        }

        return total;
    }

    [Benchmark(Description = "normalise (canonical + folded)")]
    public int Normalise()
    {
        var total = 0;
        foreach (var post in _posts)
        {
            var canonical = _normalizer.Canonicalize(post);
            total += _normalizer.Fold(canonical.Text).Text.Length;
        }

        return total;
    }

    [Benchmark(Description = "normalise + rules + policy + render")]
    public int FullRulePath()
    {
        var total = 0;
        foreach (var post in _posts)
        {
            total += _engine.ModerateOne(post).Evidence.Count;
        }

        return total;
    }
}
