using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// Trained weights of the per-label logistic heads: score(label) = sigmoid(w_label · embedding + b_label).
/// Immutable; <see cref="Score"/> is the managed reference that the exported ONNX model must agree with.
/// </summary>
public sealed class LogisticHeads : IEmbeddingHeads
{
    // Label-major [L, D]: each head's weights are contiguous, which is what training and Dot want.
    private readonly float[] _weights;
    private readonly float[] _biases;
    private readonly string[] _labels;

    // Bound once: Score runs per post, and a method group would allocate a delegate per call.
    private readonly Func<int, ReadOnlySpan<float>, float> _logit;

    /// <summary>Creates heads from explicit weights.</summary>
    /// <param name="labels">Label names, one per head.</param>
    /// <param name="dimension">Embedding width (384 for MiniLM).</param>
    /// <param name="weights">Label-major weights: row <c>l</c> (<paramref name="dimension"/> floats) is label <c>l</c>'s.</param>
    /// <param name="biases">One bias per label.</param>
    /// <exception cref="ArgumentException">The shapes disagree, a value is not finite, or a label is invalid.</exception>
    public LogisticHeads(IReadOnlyList<string> labels, int dimension, ReadOnlySpan<float> weights, ReadOnlySpan<float> biases)
    {
        _labels = HeadLabels.Validate(labels, nameof(labels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (weights.Length != checked(_labels.Length * dimension))
        {
            throw new ArgumentException($"Expected {_labels.Length}×{dimension} weights, got {weights.Length}.", nameof(weights));
        }

        if (biases.Length != _labels.Length)
        {
            throw new ArgumentException($"Expected {_labels.Length} biases, got {biases.Length}.", nameof(biases));
        }

        if (!AllFinite(weights) || !AllFinite(biases))
        {
            throw new ArgumentException("Weights and biases must be finite.", nameof(weights));
        }

        Dimension = dimension;
        _weights = weights.ToArray();
        _biases = biases.ToArray();
        _logit = Logit;
    }

    /// <summary>Label names in head order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Embedding width the heads expect.</summary>
    public int Dimension { get; }

    /// <summary>The weight vector of one head.</summary>
    public ReadOnlySpan<float> GetWeights(int label) => _weights.AsSpan(label * Dimension, Dimension);

    /// <summary>The bias of one head.</summary>
    public float GetBias(int label) => _biases[label];

    /// <summary>Scores <paramref name="n"/> embeddings laid out row by row.</summary>
    /// <param name="embeddings"><paramref name="n"/> × <see cref="Dimension"/> floats.</param>
    /// <param name="n">Number of embeddings.</param>
    /// <param name="destination">Receives <paramref name="n"/> × label-count probabilities, row by row.</param>
    /// <exception cref="ArgumentException">A buffer has the wrong size.</exception>
    public void Score(ReadOnlySpan<float> embeddings, int n, Span<float> destination)
    {
        HeadScoring.Score(embeddings, n, Dimension, _labels.Length, destination, _logit);
    }

    private float Logit(int label, ReadOnlySpan<float> x) => VectorMath.Dot(GetWeights(label), x) + _biases[label];

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
