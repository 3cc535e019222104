using BenchmarkDotNet.Attributes;
using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Benchmarks;

/// <summary>20,000-character adversarial posts against an ordinary post of the same length (the baseline).</summary>
[MemoryDiagnoser]
public class AdversarialBenchmarks
{
    private ModerationEngine _engine = null!;

    [ParamsSource(nameof(Kinds))]
    public string Kind { get; set; } = "";

    public static IEnumerable<string> Kinds => Corpus.Adversarial20K.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _engine = ShippedEngine.Create();
    }

    [Benchmark(Baseline = true, Description = "ordinary 20k post")]
    public int Ordinary() => Run(Corpus.Ordinary20K);

    [Benchmark(Description = "adversarial 20k post")]
    public int Adversarial() => Run(Corpus.Adversarial20K[Kind]);

    private int Run(string text) => _engine.ModerateOne(text).Evidence.Count;
}
