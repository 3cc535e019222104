namespace ModerationApi.Engine.Classifier;

/// <summary>
/// Trains one independent binary logistic regression per label over sentence embeddings, with mini-batch Adam.
/// </summary>
/// <remarks>
/// Each label minimises its own objective, (1/K)·Σ e_i·logloss_i + λ/2·‖w‖², over the K samples that know the label,
/// with e_i the sample weight times the class-balancing factor, rescaled so that e averages 1 over those samples (the
/// L2 strength then means the same thing whatever the dataset size or weighting). Labels share the shuffle and the
/// pass over the data only because that reads each embedding once per epoch; their gradients never mix.
/// Single-threaded with a fixed summation order, so the result depends only on the inputs and the seed.
/// </remarks>
public sealed class LogisticHeadTrainer
{
    internal const float Beta1 = 0.9f;
    internal const float Beta2 = 0.999f;
    private const float AdamEpsilon = 1e-8f;

    private readonly LogisticHeadTrainerOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LogisticHeadTrainer(LogisticHeadTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.L2Strength >= 0) || double.IsInfinity(options.L2Strength))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "L2Strength must be finite and non-negative.");
        }

        if (!(options.LearningRate > 0) || double.IsInfinity(options.LearningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "LearningRate must be finite and positive.");
        }

        if (options.Epochs <= 0 || options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Epochs and BatchSize must be positive.");
        }

        _options = options;
    }

    /// <summary>Trains the heads.</summary>
    /// <param name="labels">Label names; sample targets are indexed in this order.</param>
    /// <param name="samples">Training samples, all with embeddings of one width.</param>
    /// <returns>The trained heads.</returns>
    /// <exception cref="ArgumentException">
    /// The samples are empty or inconsistent, hold a non-finite value, or some label lacks positives or negatives of
    /// positive weight (its optimum would be an infinite bias).
    /// </exception>
    public LogisticHeads Train(IReadOnlyList<string> labels, IReadOnlyList<HeadTrainingSample> samples)
    {
        var labelNames = HeadLabels.Validate(labels, nameof(labels));
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("No training samples.", nameof(samples));
        }

        var n = samples.Count;
        var labelCount = labelNames.Length;
        var dim = samples[0].Embedding?.Length ?? 0;
        Validate(samples, labelCount, dim);

        var effectiveWeights = EffectiveWeights(labelNames, samples, _options.BalanceClasses, out var gradientScale);

        var weights = new float[labelCount * dim];
        var biases = new float[labelCount];
        var gradW = new float[labelCount * dim];
        var gradB = new float[labelCount];
        var m = new float[labelCount * (dim + 1)];
        var v = new float[labelCount * (dim + 1)];

        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var random = new Random(_options.Seed);
        var batchSize = _options.BatchSize;
        var batchesPerEpoch = (n + batchSize - 1) / batchSize;
        var totalSteps = (long)batchesPerEpoch * _options.Epochs;
        var l2 = (float)_options.L2Strength;
        long step = 0;

        for (var epoch = 0; epoch < _options.Epochs; epoch++)
        {
            Shuffle(order, random);
            for (var start = 0; start < n; start += batchSize)
            {
                var end = Math.Min(start + batchSize, n);
                Array.Clear(gradW);
                Array.Clear(gradB);

                for (var k = start; k < end; k++)
                {
                    var i = order[k];
                    var sample = samples[i];
                    var x = sample.Embedding.AsSpan();
                    for (var l = 0; l < labelCount; l++)
                    {
                        var e = effectiveWeights[(i * labelCount) + l];
                        if (e == 0f)
                        {
                            continue;
                        }

                        var z = VectorMath.Dot(weights.AsSpan(l * dim, dim), x) + biases[l];
                        var y = sample.Targets[l] == LabelTarget.Positive ? 1f : 0f;
                        var g = e * (VectorMath.Sigmoid(z) - y);
                        VectorMath.AddScaled(g, x, gradW.AsSpan(l * dim, dim));
                        gradB[l] += g;
                    }
                }

                step++;
                var rate = AnnealedRate(step, totalSteps);
                var correction1 = 1.0 - Math.Pow(Beta1, step);
                var correction2 = 1.0 - Math.Pow(Beta2, step);
                var stepSize = (float)(rate * Math.Sqrt(correction2) / correction1);
                for (var l = 0; l < labelCount; l++)
                {
                    // The batch is a uniform draw from all n samples, so this scale makes its gradient an unbiased
                    // estimate of the label's full objective over its K known samples.
                    var scale = (float)(gradientScale[l] / (end - start));
                    var moments = l * (dim + 1);
                    for (var j = 0; j < dim; j++)
                    {
                        var w = (l * dim) + j;
                        var grad = (gradW[w] * scale) + (l2 * weights[w]);
                        weights[w] -= AdamStep(grad, ref m[moments + j], ref v[moments + j], stepSize);
                    }

                    biases[l] -= AdamStep(gradB[l] * scale, ref m[moments + dim], ref v[moments + dim], stepSize);
                }
            }
        }

        return new LogisticHeads(labelNames, dim, weights, biases);
    }

    internal static void Validate(IReadOnlyList<HeadTrainingSample> samples, int labelCount, int dim)
    {
        if (dim == 0)
        {
            throw new ArgumentException("Embeddings must be non-empty.", nameof(samples));
        }

        for (var i = 0; i < samples.Count; i++)
        {
            var s = samples[i] ?? throw new ArgumentException($"Sample {i} is null.", nameof(samples));
            if (s.Embedding is null || s.Embedding.Length != dim)
            {
                throw new ArgumentException($"Sample {i} has an embedding of the wrong width (expected {dim}).", nameof(samples));
            }

            if (s.Targets is null || s.Targets.Length != labelCount)
            {
                throw new ArgumentException($"Sample {i} must have {labelCount} targets.", nameof(samples));
            }

            if (!float.IsFinite(s.Weight) || s.Weight < 0f)
            {
                throw new ArgumentException($"Sample {i} has weight {s.Weight}; weights are finite and non-negative.", nameof(samples));
            }

            // One NaN would silently poison every weight of every head, so it is cheaper to look once here.
            foreach (var value in s.Embedding)
            {
                if (!float.IsFinite(value))
                {
                    throw new ArgumentException($"Sample {i} has a non-finite embedding value.", nameof(samples));
                }
            }
        }
    }

    /// <summary>
    /// Per (sample, label) weight e_i as described on the class; zero where the label is unknown. Also returns, per
    /// label, n / K: the factor that turns a batch mean over all samples into a mean over the label's known ones.
    /// </summary>
    internal static float[] EffectiveWeights(string[] labels, IReadOnlyList<HeadTrainingSample> samples, bool balanceClasses, out double[] gradientScale)
    {
        var n = samples.Count;
        var labelCount = labels.Length;
        var result = new float[n * labelCount];
        gradientScale = new double[labelCount];
        for (var l = 0; l < labelCount; l++)
        {
            double positive = 0, negative = 0;
            var known = 0;
            foreach (var s in samples)
            {
                switch (s.Targets[l])
                {
                    case LabelTarget.Positive:
                        positive += s.Weight;
                        known++;
                        break;
                    case LabelTarget.Negative:
                        negative += s.Weight;
                        known++;
                        break;
                    case LabelTarget.Unknown:
                        break;
                    default:
                        throw new ArgumentException($"Undefined target {(int)s.Targets[l]} for label '{labels[l]}'.", nameof(samples));
                }
            }

            if (positive <= 0 || negative <= 0)
            {
                throw new ArgumentException(
                    $"Label '{labels[l]}' needs positives and negatives of positive total weight to train.", nameof(samples));
            }

            var positiveFactor = balanceClasses ? negative / positive : 1.0;
            var normaliser = known / (negative + (positiveFactor * positive));
            for (var i = 0; i < n; i++)
            {
                var target = samples[i].Targets[l];
                if (target != LabelTarget.Unknown)
                {
                    var factor = target == LabelTarget.Positive ? positiveFactor : 1.0;
                    result[(i * labelCount) + l] = (float)(samples[i].Weight * factor * normaliser);
                }
            }

            gradientScale[l] = (double)n / known;
        }

        return result;
    }

    internal static void Shuffle(int[] order, Random random)
    {
        // Fisher–Yates from the seeded generator: the permutation sequence, hence the weights, follows from the seed.
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>
    /// Cosine annealing from the peak rate to zero: mini-batch noise would otherwise leave the final weights jittering
    /// about the optimum by roughly one step, which makes thresholds calibrated on them less stable.
    /// </summary>
    private double AnnealedRate(long step, long totalSteps) =>
        _options.LearningRate * 0.5 * (1.0 + Math.Cos(Math.PI * (step - 1) / totalSteps));

    internal static float AdamStep(float grad, ref float m, ref float v, float stepSize)
    {
        m = (Beta1 * m) + ((1f - Beta1) * grad);
        v = (Beta2 * v) + ((1f - Beta2) * grad * grad);
        return stepSize * m / (MathF.Sqrt(v) + AdamEpsilon);
    }
}
