using System.Numerics.Tensors;

namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Sentence-transformers' pooling for all-MiniLM-L6-v2 (mean over the attended tokens, then L2 normalisation), and the
/// element-wise maximum that <see cref="EmbeddingPoolingMode.MeanMax"/> appends to it.
/// </summary>
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
        Normalize(destination);
    }

    /// <summary>
    /// Writes the normalised element-wise maximum of the first <paramref name="tokenCount"/> vectors of
    /// <paramref name="hiddenStates"/> (row-major, <c>destination.Length</c> floats each) to <paramref name="destination"/>.
    /// </summary>
    /// <remarks>As in <see cref="MeanPoolAndNormalize"/>, only the attended rows are read, so padding never wins a maximum.</remarks>
    public static void MaxPoolAndNormalize(ReadOnlySpan<float> hiddenStates, int tokenCount, Span<float> destination)
    {
        int dimension = destination.Length;
        ArgumentOutOfRangeException.ThrowIfLessThan(tokenCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(hiddenStates.Length, tokenCount * dimension);

        hiddenStates[..dimension].CopyTo(destination);
        for (int token = 1; token < tokenCount; token++)
        {
            TensorPrimitives.Max(destination, hiddenStates.Slice(token * dimension, dimension), destination);
        }

        Normalize(destination);
    }

    /// <summary>
    /// Writes [normalised mean, normalised maximum] / √2 of the first <paramref name="tokenCount"/> token vectors to
    /// <paramref name="destination"/>, which holds two vectors' worth of floats (hidden states have half its length per row).
    /// </summary>
    /// <remarks>Each half has unit norm, so dividing by √2 gives the whole unit norm, as the heads' inputs always have.</remarks>
    public static void MeanMaxPoolAndNormalize(ReadOnlySpan<float> hiddenStates, int tokenCount, Span<float> destination)
    {
        if (destination.Length % 2 != 0)
        {
            throw new ArgumentException("A mean-max embedding has an even number of floats.", nameof(destination));
        }

        int dimension = destination.Length / 2;
        MeanPoolAndNormalize(hiddenStates, tokenCount, destination[..dimension]);
        MaxPoolAndNormalize(hiddenStates, tokenCount, destination[dimension..]);
        TensorPrimitives.Divide(destination, MathF.Sqrt(2f), destination);
    }

    private static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm<float>(vector);
        TensorPrimitives.Divide(vector, MathF.Max(norm, NormEpsilon), vector);
    }
}
