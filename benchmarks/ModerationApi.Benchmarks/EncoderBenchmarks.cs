using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
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
    private InferenceSession _session = null!;
    private List<List<NamedOnnxValue>> _batches = null!;
    private MiniLmEncoder _encoder = null!;
    private List<string> _posts = null!;
    private float[] _destination = null!;

    [GlobalSetup]
    public void Setup()
    {
        var pool = Corpus.Posts.Where(p => p.Split(' ').Length is >= 25 and <= 60 && !ScriptDetector.IsMostlyUnreadable(p)).ToList();
        _posts = Enumerable.Range(0, 128).Select(i => pool[i % pool.Count]).ToList();
        _encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 2, MaxBatchSize = 8 });
        _destination = new float[_posts.Count * MiniLmEncoder.Dimension];

        var tokenizer = MiniLmTokenizer.Create(new MemoryStream(ModelAssemblyReader.ReadResource(ModelAssemblyReader.DefaultPath, ModelAssemblyReader.VocabularyResourceName)));
        var ids = _posts.Select(p =>
        {
            var buffer = new int[128];
            return buffer[..tokenizer.Encode(p, buffer)];
        }).OrderBy(t => t.Length).ToList();
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 2, InterOpNumThreads = 1 };
        _session = new InferenceSession(ModelAssemblyReader.ReadResource(ModelAssemblyReader.DefaultPath, ModelAssemblyReader.ModelResourceName), options);
        _batches = [];
        for (var start = 0; start < ids.Count; start += 32)
        {
            var chunk = ids.Skip(start).Take(32).ToList();
            var length = chunk.Max(c => c.Length);
            var inputIds = new DenseTensor<long>([chunk.Count, length]);
            var mask = new DenseTensor<long>([chunk.Count, length]);
            for (var b = 0; b < chunk.Count; b++)
            {
                for (var t = 0; t < chunk[b].Length; t++)
                {
                    inputIds[b, t] = chunk[b][t];
                    mask[b, t] = 1;
                }
            }

            _batches.Add([
                NamedOnnxValue.CreateFromTensor("input_ids", inputIds),
                NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>([chunk.Count, length]))]);
        }
    }

    [Benchmark(Baseline = true, Description = "raw ORT session.Run, sorted batches of 32")]
    public int RawOrt()
    {
        var n = 0;
        foreach (var batch in _batches)
        {
            using var output = _session.Run(batch, ["last_hidden_state"]);
            n++;
        }

        return n;
    }

    [Benchmark(Description = "MiniLmEncoder.EmbedBatch (tokenise, sort, pool)")]
    public float EmbedBatch()
    {
        _encoder.EmbedBatch(_posts, _destination);
        return _destination[0];
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _session.Dispose();
        _encoder.Dispose();
        GC.SuppressFinalize(this);
    }
}
