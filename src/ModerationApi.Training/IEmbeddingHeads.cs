namespace ModerationApi.Training;

/// <summary>
/// Trained per-label heads over sentence embeddings, scored in managed code: the reference that the exported ONNX
/// model must agree with.
/// </summary>
public interface IEmbeddingHeads
{
    /// <summary>Label names in head order.</summary>
    IReadOnlyList<string> Labels { get; }

    /// <summary>Embedding width the heads expect.</summary>
    int Dimension { get; }

    /// <summary>Scores <paramref name="n"/> embeddings laid out row by row.</summary>
    /// <param name="embeddings"><paramref name="n"/> × <see cref="Dimension"/> floats.</param>
    /// <param name="n">Number of embeddings.</param>
    /// <param name="destination">Receives <paramref name="n"/> × label-count probabilities, row by row.</param>
    void Score(ReadOnlySpan<float> embeddings, int n, Span<float> destination);
}
