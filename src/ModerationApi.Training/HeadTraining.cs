using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// What <see cref="LogisticHeadTrainer"/> and <see cref="MlpHeadTrainer"/> do alike: check the shared options, check
/// the samples and weight them, and run the seeded mini-batch Adam schedule. Kept in one place because both trainers
/// minimise the same weighted objective, and a change to one copy would silently make their heads incomparable.
/// </summary>
internal static class HeadTraining
{
    internal const float Beta1 = 0.9f;
    internal const float Beta2 = 0.999f;
    private const float AdamEpsilon = 1e-8f;

    /// <summary>Throws unless the L2 strength is finite and non-negative and the learning rate finite and positive.</summary>
    internal static void CheckRates(double l2Strength, double learningRate, string paramName)
    {
        if (!(l2Strength >= 0) || double.IsInfinity(l2Strength))
        {
            throw new ArgumentOutOfRangeException(paramName, "L2Strength must be finite and non-negative.");
        }

        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(paramName, "LearningRate must be finite and positive.");
        }
    }

    /// <summary>
    /// Checks the labels and samples and returns the per (sample, label) effective weights (see
    /// <see cref="EffectiveWeights"/>), with the label names, the embedding width and the per-label gradient scale.
    /// </summary>
    internal static float[] Prepare(
        IReadOnlyList<string> labels,
        IReadOnlyList<HeadTrainingSample> samples,
        bool balanceClasses,
        out string[] labelNames,
        out int dim,
        out double[] gradientScale)
    {
        labelNames = HeadLabels.Validate(labels, nameof(labels));
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("No training samples.", nameof(samples));
        }

        dim = samples[0].Embedding?.Length ?? 0;
        Validate(samples, labelNames.Length, dim);
        return EffectiveWeights(labelNames, samples, balanceClasses, out gradientScale);
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
    /// Per (sample, label) weight e_i as described on <see cref="LogisticHeadTrainer"/>; zero where the label is
    /// unknown. Also returns, per label, n / K: the factor that turns a batch mean over all samples into a mean over
    /// the label's known ones.
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

    /// <summary>The sample order before the first shuffle: 0 to n - 1.</summary>
    internal static int[] IdentityOrder(int n)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        return order;
    }

    /// <summary>The number of Adam steps over all epochs: one per (possibly partial) batch.</summary>
    internal static long TotalSteps(int n, int batchSize, int epochs)
    {
        var batchesPerEpoch = (n + batchSize - 1) / batchSize;
        return (long)batchesPerEpoch * epochs;
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
    /// Adam's bias-corrected step size for step <paramref name="step"/> (1-based), with the rate cosine-annealed from
    /// <paramref name="learningRate"/> to zero: mini-batch noise would otherwise leave the final weights jittering
    /// about the optimum by roughly one step, which makes thresholds calibrated on them less stable.
    /// </summary>
    internal static float StepSize(double learningRate, long step, long totalSteps)
    {
        var rate = learningRate * 0.5 * (1.0 + Math.Cos(Math.PI * (step - 1) / totalSteps));
        var correction1 = 1.0 - Math.Pow(Beta1, step);
        var correction2 = 1.0 - Math.Pow(Beta2, step);
        return (float)(rate * Math.Sqrt(correction2) / correction1);
    }

    internal static float AdamStep(float grad, ref float m, ref float v, float stepSize)
    {
        m = (Beta1 * m) + ((1f - Beta1) * grad);
        v = (Beta2 * v) + ((1f - Beta2) * grad * grad);
        return stepSize * m / (MathF.Sqrt(v) + AdamEpsilon);
    }
}
