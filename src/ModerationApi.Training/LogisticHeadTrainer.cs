using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

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
    private readonly LogisticHeadTrainerOptions _options;

    /// <summary>Creates a trainer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LogisticHeadTrainer(LogisticHeadTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        HeadTraining.CheckRates(options.L2Strength, options.LearningRate, nameof(options));

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
        var effectiveWeights = HeadTraining.Prepare(labels, samples, _options.BalanceClasses, out var labelNames, out var dim, out var gradientScale);
        var n = samples.Count;
        var labelCount = labelNames.Length;

        var weights = new float[labelCount * dim];
        var biases = new float[labelCount];
        var gradW = new float[labelCount * dim];
        var gradB = new float[labelCount];
        var m = new float[labelCount * (dim + 1)];
        var v = new float[labelCount * (dim + 1)];

        var order = HeadTraining.IdentityOrder(n);
        var random = new Random(_options.Seed);
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
                var stepSize = HeadTraining.StepSize(_options.LearningRate, step, totalSteps);
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
                        weights[w] -= HeadTraining.AdamStep(grad, ref m[moments + j], ref v[moments + j], stepSize);
                    }

                    biases[l] -= HeadTraining.AdamStep(gradB[l] * scale, ref m[moments + dim], ref v[moments + dim], stepSize);
                }
            }
        }

        return new LogisticHeads(labelNames, dim, weights, biases);
    }
}
