using BenchmarkDotNet.Attributes;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The encoder against raw ONNX Runtime on the same 128 posts in the same process. The baseline runs only
/// <c>session.Run</c> on pre-tokenised, length-sorted batches of 32; <c>EmbedBatch</c> includes tokenisation, sorting,
/// padding, pooling and normalisation.
/// </summary>
[MemoryDiagnoser]
public class EncoderBenchmarks : IDisposable
{
    private RawOrtBaseline _raw = null!;
    private MiniLmEncoder _encoder = null!;
    private List<string> _posts = null!;
    private float[] _destination = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pool = Corpus.Posts.Where(p => p.Split(' ').Length is >= 25 and <= 60 && !ScriptDetector.IsMostlyUnreadable(p)).ToList();
        _posts = Enumerable.Range(0, 128).Select(i => pool[i % pool.Count]).ToList();
        _encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 32 });
        _destination = new float[_posts.Count * _encoder.EmbeddingDimension];

        _raw = new RawOrtBaseline(_posts);
    }

    [Benchmark(Baseline = true, Description = "raw ORT session.Run, sorted batches of 32")]
    public int RawOrt() => _raw.Run();

    [Benchmark(Description = "MiniLmEncoder.EmbedBatch (tokenise, sort, pool)")]
    public float EmbedBatch()
    {
        _encoder.EmbedBatch(_posts, _destination);
        return _destination[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _raw.Dispose();
        _encoder.Dispose();
        GC.SuppressFinalize(this);
    }
}
