using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModerationApi.Engine.Classifier;

namespace ModerationApi.Benchmarks;

/// <summary>
/// The baseline every model number is compared with: raw ONNX Runtime on the same model and posts, pre-tokenised,
/// sorted by length and cut into batches of 32, timing nothing but <c>session.Run</c>.
/// </summary>
/// <remarks>
/// With a group size the posts are sorted and batched within consecutive groups of that many, as the service sorts
/// each batch request, and <see cref="Run(int)"/> runs one group. With model bytes (the merged or int8 encoder, see
/// <c>MiniLmEncoder.PrepareModel</c>) the session runs those instead of the NuGet model.
/// </remarks>
internal sealed class RawOrtBaseline : IDisposable
{
    private readonly InferenceSession _session;
    private readonly List<List<NamedOnnxValue>> _batches = [];
    private readonly List<(int First, int Count)> _groups = [];

    public RawOrtBaseline(IReadOnlyList<string> posts, int threads = 2, int batchSize = 32, int? groupSize = null, byte[]? model = null)
    {
        var tokenizer = MiniLmTokenizer.Create(new MemoryStream(ModelAssemblyReader.ReadResource(ModelAssemblyReader.DefaultPath, ModelAssemblyReader.VocabularyResourceName)));
        var all = posts.Select(p =>
        {
            var buffer = new int[128];
            return buffer[..tokenizer.Encode(p, buffer)];
        }).ToList();
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = threads, InterOpNumThreads = 1 };
        _session = new InferenceSession(model ?? ModelAssemblyReader.ReadResource(ModelAssemblyReader.DefaultPath, ModelAssemblyReader.ModelResourceName), options);
        var size = groupSize ?? all.Count;
        for (var groupStart = 0; groupStart < all.Count; groupStart += size)
        {
            var first = _batches.Count;
            AddBatches(all.Skip(groupStart).Take(size).OrderBy(t => t.Length).ToList(), batchSize);
            _groups.Add((first, _batches.Count - first));
        }
    }

    private void AddBatches(List<int[]> ids, int batchSize)
    {
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
        for (var g = 0; g < _groups.Count; g++)
        {
            Run(g);
        }

        return _batches.Count;
    }

    /// <summary>Runs the batches of one group once.</summary>
    public void Run(int group)
    {
        var (first, count) = _groups[group];
        for (var b = first; b < first + count; b++)
        {
            using var output = _session.Run(_batches[b], ["last_hidden_state"]);
        }
    }

    public void Dispose() => _session.Dispose();
}
