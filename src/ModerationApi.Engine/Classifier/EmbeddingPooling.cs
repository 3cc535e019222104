using System.Numerics.Tensors;

namespace ModerationApi.Engine.Classifier;

/// <summary>Sentence-transformers' pooling for all-MiniLM-L6-v2: mean over the attended tokens, then L2 normalisation.</summary>
internal static class EmbeddingPooling
{
    // sentence-transformers' Normalize layer divides by max(norm, 1e-12) (torch.nn.functional.normalize).
    private const float NormEpsilon = 1e-12f;

    /// <summary>
    /// Writes the normalised mean of the first <paramref name="tokenCount"/> vectors of <paramref name="hiddenStates"/>
    /// (row-major, <c>destination.Length</c> floats each) to <paramref name="destination"/>.
    /// </summary>
    /// <remarks>
    /// The attention mask of a row is 1 for its first tokenCount positions and 0 on the padding after them, so the
    /// masked mean is the plain mean of those rows: padding is never read.
    /// </remarks>
    public static void MeanPoolAndNormalize(ReadOnlySpan<float> hiddenStates, int tokenCount, Span<float> destination)
    {
        int dimension = destination.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenStates.Length, tokenCount * dimension);

        hiddenStates[..dimension].CopyTo(destination);
        for (int token = 1; token < tokenCount; token++)
        {
            TensorPrimitives.Add(destination, hiddenStates.Slice(token * dimension, dimension), destination);
        }

        // The 1/tokenCount cancels in the normalisation except through the epsilon; it is kept to do the reference's
        // arithmetic, not just something equal up to scale.
        TensorPrimitives.Divide(destination, tokenCount, destination);
        float norm = TensorPrimitives.Norm<float>(destination);
        TensorPrimitives.Divide(destination, MathF.Max(norm, NormEpsilon), destination);
    }
}
