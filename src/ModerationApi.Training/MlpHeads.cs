using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// Trained weights of per-label one-hidden-layer networks: for label l,
/// <c>score = sigmoid(v_l · relu(W_l · embedding + c_l) + b_l)</c> with <c>W_l</c> of shape [H, D]. Labels share no
/// parameters. Immutable; <see cref="Score"/> is the managed reference that the exported ONNX model must agree with.
/// </summary>
public sealed class MlpHeads : IEmbeddingHeads
{
    // Label-major, then unit-major: unit j of label l has its D input weights at ((l·H) + j)·D, contiguous for Dot.
    private readonly float[] _hiddenWeights;
    private readonly float[] _hiddenBiases;
    private readonly float[] _outputWeights;
    private readonly float[] _outputBiases;
    private readonly string[] _labels;

    // Bound once: Score runs per post, and a method group would allocate a delegate per call.
    private readonly Func<int, ReadOnlySpan<float>, float> _logit;

    /// <summary>Creates heads from explicit weights.</summary>
    /// <param name="labels">Label names, one per head.</param>
    /// <param name="dimension">Embedding width (384 for MiniLM).</param>
    /// <param name="hidden">Hidden units per label.</param>
    /// <param name="hiddenWeights">L × H × D floats: label-major, then unit-major.</param>
    /// <param name="hiddenBiases">L × H floats.</param>
    /// <param name="outputWeights">L × H floats: each label's weights over its own hidden units.</param>
    /// <param name="outputBiases">One bias per label.</param>
    /// <exception cref="ArgumentException">The shapes disagree, a value is not finite, or a label is invalid.</exception>
    public MlpHeads(
        IReadOnlyList<string> labels,
        int dimension,
        int hidden,
        ReadOnlySpan<float> hiddenWeights,
        ReadOnlySpan<float> hiddenBiases,
        ReadOnlySpan<float> outputWeights,
        ReadOnlySpan<float> outputBiases)
    {
        _labels = HeadLabels.Validate(labels, nameof(labels));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        var units = checked(_labels.Length * hidden);
        CheckLength(hiddenWeights, checked(units * dimension), nameof(hiddenWeights));
        CheckLength(hiddenBiases, units, nameof(hiddenBiases));
        CheckLength(outputWeights, units, nameof(outputWeights));
        CheckLength(outputBiases, _labels.Length, nameof(outputBiases));
        Dimension = dimension;
        Hidden = hidden;
        _hiddenWeights = hiddenWeights.ToArray();
        _hiddenBiases = hiddenBiases.ToArray();
        _outputWeights = outputWeights.ToArray();
        _outputBiases = outputBiases.ToArray();
        _logit = Logit;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Labels => _labels;

    /// <inheritdoc />
    public int Dimension { get; }

    /// <summary>Hidden units per label.</summary>
    public int Hidden { get; }

    /// <summary>The input weights of one hidden unit of one label (<see cref="Dimension"/> floats).</summary>
    public ReadOnlySpan<float> GetHiddenWeights(int label, int unit) =>
        _hiddenWeights.AsSpan(((label * Hidden) + unit) * Dimension, Dimension);

    /// <summary>The hidden biases of one label (<see cref="Hidden"/> floats).</summary>
    public ReadOnlySpan<float> GetHiddenBiases(int label) => _hiddenBiases.AsSpan(label * Hidden, Hidden);

    /// <summary>The output weights of one label over its hidden units (<see cref="Hidden"/> floats).</summary>
    public ReadOnlySpan<float> GetOutputWeights(int label) => _outputWeights.AsSpan(label * Hidden, Hidden);

    /// <summary>The output bias of one label.</summary>
    public float GetOutputBias(int label) => _outputBiases[label];

    /// <summary>
    /// One network whose logit is the mean of the members' logits: their hidden units side by side, their output
    /// weights and biases divided by the member count. Averaging seeds this way smooths out the initialisation's
    /// luck and still exports as a single two-layer graph.
    /// </summary>
    /// <param name="members">Heads over the same labels and dimension.</param>
    /// <exception cref="ArgumentException">No members, or members that disagree on labels or dimension.</exception>
    public static MlpHeads AverageOfLogits(IReadOnlyList<MlpHeads> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("At least one member is needed.", nameof(members));
        }

        var first = members[0];
        if (members.Any(m => m.Dimension != first.Dimension || !m.Labels.SequenceEqual(first.Labels, StringComparer.Ordinal)))
        {
            throw new ArgumentException("Members must share labels and embedding width.", nameof(members));
        }

        var labels = first.Labels.Count;
        var hidden = members.Sum(m => m.Hidden);
        var w = new float[labels * hidden * first.Dimension];
        var c = new float[labels * hidden];
        var v = new float[labels * hidden];
        var b = new float[labels];
        var share = 1f / members.Count;
        for (var l = 0; l < labels; l++)
        {
            var unit = l * hidden;
            foreach (var m in members)
            {
                for (var j = 0; j < m.Hidden; j++, unit++)
                {
                    m.GetHiddenWeights(l, j).CopyTo(w.AsSpan(unit * first.Dimension, first.Dimension));
                    c[unit] = m.GetHiddenBiases(l)[j];
                    v[unit] = m.GetOutputWeights(l)[j] * share;
                }

                b[l] += m.GetOutputBias(l) * share;
            }
        }

        return new MlpHeads(first.Labels, first.Dimension, hidden, w, c, v, b);
    }

    /// <summary>
    /// The same heads reading embeddings through <paramref name="map"/> first: <c>W·(M·x + t) + c</c> is folded into
    /// hidden weights <c>W·M</c> and biases <c>W·t + c</c>, so the exported graph and its cost do not change.
    /// </summary>
    /// <exception cref="ArgumentException">The map's width is not <see cref="Dimension"/>.</exception>
    public MlpHeads WithInputMap(AffineEmbeddingMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Dimension != Dimension)
        {
            throw new ArgumentException($"The map is {map.Dimension} wide, the heads read {Dimension}.", nameof(map));
        }

        var weights = new float[_hiddenWeights.Length];
        var biases = new float[_hiddenBiases.Length];
        for (var unit = 0; unit < biases.Length; unit++)
        {
            var w = _hiddenWeights.AsSpan(unit * Dimension, Dimension);
            var folded = weights.AsSpan(unit * Dimension, Dimension);
            for (var o = 0; o < Dimension; o++)
            {
                // (W·M)[u, i] = Σ_o W[u, o]·M[o, i]: accumulated row by row of M, which is contiguous.
                var row = map.GetRow(o);
                for (var i = 0; i < Dimension; i++)
                {
                    folded[i] += w[o] * row[i];
                }
            }

            biases[unit] = VectorMath.Dot(w, map.Shift) + _hiddenBiases[unit];
        }

        return new MlpHeads(_labels, Dimension, Hidden, weights, biases, _outputWeights, _outputBiases);
    }

    /// <inheritdoc />
    public void Score(ReadOnlySpan<float> embeddings, int n, Span<float> destination)
    {
        HeadScoring.Score(embeddings, n, Dimension, _labels.Length, destination, _logit);
    }

    private float Logit(int label, ReadOnlySpan<float> x)
    {
        var biases = GetHiddenBiases(label);
        var output = GetOutputWeights(label);
        var z = _outputBiases[label];
        for (var j = 0; j < Hidden; j++)
        {
            var h = VectorMath.Dot(GetHiddenWeights(label, j), x) + biases[j];
            if (h > 0f)
            {
                z += output[j] * h;
            }
        }

        return z;
    }

    private static void CheckLength(ReadOnlySpan<float> values, int expected, string name)
    {
        if (values.Length != expected)
        {
            throw new ArgumentException($"Expected {expected} values, got {values.Length}.", name);
        }

        foreach (var v in values)
        {
            if (!float.IsFinite(v))
            {
                throw new ArgumentException("Weights and biases must be finite.", name);
            }
        }
    }
}
