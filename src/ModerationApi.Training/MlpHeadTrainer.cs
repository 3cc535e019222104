using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// Trains one independent one-hidden-layer ReLU network per label over sentence embeddings, with mini-batch Adam:
/// a head that can combine directions of the embedding (topic and stance) that a single hyperplane cannot.
/// </summary>
/// <remarks>
/// The objective per label is the one <see cref="LogisticHeadTrainer"/> minimises (weighted, class-balanced mean
/// log-loss over the samples that know the label) plus λ/2 times the squared weights of both layers. He-initialised
/// from the seed, single-threaded with a fixed summation order, so the result depends only on the inputs and the seed.
/// </remarks>
public sealed class MlpHeadTrainer
{
    private readonly MlpHeadTrainerOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public MlpHeadTrainer(MlpHeadTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        HeadTraining.CheckRates(options.L2Strength, options.LearningRate, nameof(options));

        if (options.Epochs <= 0 || options.BatchSize <= 0 || options.Hidden <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Epochs, BatchSize and Hidden must be positive.");
        }

        _options = options;
    }

    /// <summary>Trains the heads.</summary>
    /// <param name="labels">Label names; sample targets are indexed in this order.</param>
    /// <param name="samples">Training samples, all with embeddings of one width.</param>
    /// <returns>The trained heads.</returns>
    /// <exception cref="ArgumentException">
    /// The samples are empty or inconsistent, hold a non-finite value, or some label lacks positives or negatives of
    /// positive weight.
    /// </exception>
    public MlpHeads Train(IReadOnlyList<string> labels, IReadOnlyList<HeadTrainingSample> samples)
    {
        var effectiveWeights = HeadTraining.Prepare(labels, samples, _options.BalanceClasses, out var labelNames, out var dim, out var gradientScale);
        var n = samples.Count;
        var labelCount = labelNames.Length;

        var hidden = _options.Hidden;
        var units = labelCount * hidden;
        var random = new Random(_options.Seed);
        var net = new Parameters(units, dim, labelCount);
        var heStd = Math.Sqrt(2.0 / dim);
        for (var i = 0; i < net.W.Length; i++)
        {
            net.W[i] = (float)(Gaussian(random) * heStd);
        }

        var outputStd = Math.Sqrt(1.0 / hidden);
        for (var i = 0; i < net.V.Length; i++)
        {
            net.V[i] = (float)(Gaussian(random) * outputStd);
        }

        var grad = new Parameters(units, dim, labelCount);
        var m = new Parameters(units, dim, labelCount);
        var v = new Parameters(units, dim, labelCount);
        var activation = new float[hidden];

        var order = HeadTraining.IdentityOrder(n);
        var batchSize = _options.BatchSize;
        var totalSteps = HeadTraining.TotalSteps(n, batchSize, _options.Epochs);
        var l2 = (float)_options.L2Strength;
        long step = 0;
        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            HeadTraining.Shuffle(order, random);
            for (var start = 0; start < n; start += batchSize)
            {
                var end = Math.Min(start + batchSize, n);
                grad.Clear();
                for (var k = start; k < end; k++)
                {
                    var i = order[k];
                    var x = samples[i].Embedding.AsSpan();
                    for (var l = 0; l < labelCount; l++)
                    {
                        var e = effectiveWeights[(i * labelCount) + l];
                        if (e != 0f)
                        {
                            var y = samples[i].Targets[l] == LabelTarget.Positive ? 1f : 0f;
                            Backpropagate(net, grad, l, hidden, dim, x, y, e, activation);
                        }
                    }
                }

                step++;
                var stepSize = HeadTraining.StepSize(_options.LearningRate, step, totalSteps);
                for (var l = 0; l < labelCount; l++)
                {
                    // The batch is a uniform draw from all n samples: this scale makes its gradient an unbiased
                    // estimate of the label's objective over its known samples (as in LogisticHeadTrainer).
                    var scale = (float)(gradientScale[l] / (end - start));
                    Update(net.W.AsSpan(l * hidden * dim, hidden * dim), grad.W, m.W, v.W, l * hidden * dim, scale, l2, stepSize);
                    Update(net.C.AsSpan(l * hidden, hidden), grad.C, m.C, v.C, l * hidden, scale, 0f, stepSize);
                    Update(net.V.AsSpan(l * hidden, hidden), grad.V, m.V, v.V, l * hidden, scale, l2, stepSize);
                    Update(net.B.AsSpan(l, 1), grad.B, m.B, v.B, l, scale, 0f, stepSize);
                }
            }
        }

        return new MlpHeads(labelNames, dim, hidden, net.W, net.C, net.V, net.B);
    }

    private static void Backpropagate(
        Parameters net, Parameters grad, int label, int hidden, int dim, ReadOnlySpan<float> x, float y, float weight, float[] activation)
    {
        var unitBase = label * hidden;
        var z = net.B[label];
        for (var j = 0; j < hidden; j++)
        {
            var a = VectorMath.Dot(net.W.AsSpan((unitBase + j) * dim, dim), x) + net.C[unitBase + j];
            activation[j] = a > 0f ? a : 0f;
            z += net.V[unitBase + j] * activation[j];
        }

        var g = weight * (VectorMath.Sigmoid(z) - y);
        grad.B[label] += g;
        for (var j = 0; j < hidden; j++)
        {
            if (activation[j] <= 0f)
            {
                continue;
            }

            grad.V[unitBase + j] += g * activation[j];
            var d = g * net.V[unitBase + j];
            grad.C[unitBase + j] += d;
            VectorMath.AddScaled(d, x, grad.W.AsSpan((unitBase + j) * dim, dim));
        }
    }

    private static void Update(Span<float> values, float[] grad, float[] m, float[] v, int offset, float scale, float l2, float stepSize)
    {
        for (var j = 0; j < values.Length; j++)
        {
            var g = (grad[offset + j] * scale) + (l2 * values[j]);
            values[j] -= HeadTraining.AdamStep(g, ref m[offset + j], ref v[offset + j], stepSize);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Every parameter of the heads (or a gradient or moment of them), in the <see cref="MlpHeads"/> layout.</summary>
    private sealed class Parameters(int units, int dim, int labels)
    {
        public float[] W { get; } = new float[units * dim];

        public float[] C { get; } = new float[units];

        public float[] V { get; } = new float[units];

        public float[] B { get; } = new float[labels];

        public void Clear()
        {
            Array.Clear(W);
            Array.Clear(C);
            Array.Clear(V);
            Array.Clear(B);
        }
    }
}
