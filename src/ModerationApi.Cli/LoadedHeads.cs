using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.Cli;

/// <summary>Heads read from an ONNX file, scored as the training code scores the heads it fits.</summary>
internal sealed class LoadedHeads(HeadModel model) : IEmbeddingHeads
{
    /// <inheritdoc />
    public IReadOnlyList<string> Labels => model.Labels;

    /// <inheritdoc />
    public int Dimension => model.Dimension;

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> embeddings, int n, Span<float> destination) => model.Score(embeddings, n, destination);
}
