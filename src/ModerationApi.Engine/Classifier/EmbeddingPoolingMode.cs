namespace ModerationApi.Engine.Classifier;

/// <summary>How <see cref="MiniLmEncoder"/> pools the model's token vectors into one sentence embedding.</summary>
public enum EmbeddingPoolingMode
{
    /// <summary>
    /// sentence-transformers' pooling for all-MiniLM-L6-v2: the L2-normalised mean of the attended tokens
    /// (<see cref="MiniLmEncoder.Dimension"/> floats).
    /// </summary>
    Mean = 0,

    /// <summary>
    /// The L2-normalised mean followed by the L2-normalised element-wise maximum of the attended tokens, the whole
    /// divided by √2 so it has unit norm (twice <see cref="MiniLmEncoder.Dimension"/> floats). A dot product of two
    /// such embeddings is the average of the two halves' cosine similarities.
    /// </summary>
    MeanMax = 1,
}
