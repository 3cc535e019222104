using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// The <see cref="IEmbeddingHeads.Score"/> loop the head kinds share: the same buffer checks and messages, and the
/// sigmoid of each label's logit, row by row. A head kind supplies only its logit.
/// </summary>
internal static class HeadScoring
{
    /// <summary>Scores <paramref name="n"/> embeddings of width <paramref name="dimension"/> laid out row by row.</summary>
    /// <exception cref="ArgumentException">A buffer has the wrong size.</exception>
    internal static void Score(
        ReadOnlySpan<float> embeddings,
        int n,
        int dimension,
        int labelCount,
        Span<float> destination,
        Func<int, ReadOnlySpan<float>, float> logit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (embeddings.Length != checked(n * dimension))
        {
            throw new ArgumentException($"Expected {n}×{dimension} floats, got {embeddings.Length}.", nameof(embeddings));
        }

        if (destination.Length < checked(n * labelCount))
        {
            throw new ArgumentException($"Destination needs {n}×{labelCount} floats.", nameof(destination));
        }

        for (var row = 0; row < n; row++)
        {
            var x = embeddings.Slice(row * dimension, dimension);
            for (var l = 0; l < labelCount; l++)
            {
                destination[(row * labelCount) + l] = VectorMath.Sigmoid(logit(l, x));
            }
        }
    }
}
