using BenchmarkDotNet.Attributes;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Classifier.Arabic;
using ModerationApi.Engine.Classifier.Hashed;
using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Pipeline;

namespace ModerationApi.Benchmarks;

/// <summary>
/// Model time of Arabic posts against English posts of the same lengths, through the language router as the service
/// runs it: every Arabic post of the benchmark corpus, and for each the English post closest to it in characters.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class LanguageCostBenchmarks : IDisposable
{
    private MiniLmEncoder _encoder = null!;
    private HeadModel _heads = null!;
    private LanguageRoutingClassifier _router = null!;
    private string[] _arabic = null!;
    private string[] _english = null!;

    [GlobalSetup]
    public void Setup()
    {
        _encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 32 });
        _heads = HeadModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "heads", "heads.onnx"));
        var arabicModel = HashedNgramModel.Load(HashedModelFormat.Arabic, Path.Combine(AppContext.BaseDirectory, "models", "arabic", "arabic.bin"));
        _router = new LanguageRoutingClassifier(new OnnxTextClassifier(_encoder, _heads), new ArabicTextClassifier(arabicModel));

        var analysed = Corpus.Posts.Select(p => (Text: p, Languages: LanguageDetector.Analyze(p).Languages)).ToList();
        _arabic = [.. analysed.Where(p => p.Languages is ["ar"]).Select(p => p.Text)];
        var english = analysed.Where(p => p.Languages is ["en"]).Select(p => p.Text).ToList();
        _english = [.. _arabic.Select(a => english.MinBy(e => Math.Abs(e.Length - a.Length))!)];
        Console.WriteLine($"// {_arabic.Length} Arabic posts, {_arabic.Sum(p => p.Length)} chars; matched English posts {_english.Sum(p => p.Length)} chars");
    }

    [Benchmark(Baseline = true, Description = "English posts (English model)")]
    public async Task<int> English() => (await _router.ClassifyAsync(_english, CancellationToken.None)).Count;

    [Benchmark(Description = "Arabic posts of the same lengths (Arabic model)")]
    public async Task<int> Arabic() => (await _router.ClassifyAsync(_arabic, CancellationToken.None)).Count;

    [GlobalCleanup]
    public void Dispose()
    {
        _heads.Dispose();
        _encoder.Dispose();
        GC.SuppressFinalize(this);
    }
}
