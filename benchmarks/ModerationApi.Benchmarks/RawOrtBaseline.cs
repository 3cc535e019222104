using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The baseline every model number is compared with: raw ONNX Runtime on the same model and posts, pre-tokenised,
/// sorted by length and cut into batches of 32, timing nothing but <c>session.Run</c>.
/// </summary>
internal sealed class RawOrtBaseline : IDisposable
{
    private readonly InferenceSession _session;
    private readonly List<List<NamedOnnxValue>> _batches = [];

    public RawOrtBaseline(IReadOnlyList<string> posts, int threads = 2, int batchSize = 32)
    {
        var tokenizer = MiniLmTokenizer.Create(new MemoryStream(ModelAssemblyReader.ReadResource(ModelAssemblyReader.DefaultPath, ModelAssemblyReader.VocabularyResourceName)));
        var ids = posts.Select(p =>
        {
            var buffer = new int[128];
            return buffer[..tokenizer.Encode(p, buffer)];
        }).OrderBy(t => t.Length).ToList();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        _session = new InferenceSession(ModelAssemblyReader.ReadResource(ModelAssemblyReader.DefaultPath, ModelAssemblyReader.ModelResourceName), options);
        for (var start = 0; start < ids.Count; start += batchSize)
        {
            var chunk = ids.Skip(start).Take(batchSize).ToList();
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

    /// <summary>Runs every batch once; returns the number of batches.</summary>
    public int Run()
    {
        foreach (var batch in _batches)
        {
            using var output = _session.Run(batch, ["last_hidden_state"]);
        }

        return _batches.Count;
    }

    public void Dispose() => _session.Dispose();
}
