namespace ModerationApi.Cli.Arabic;

/// <summary>
/// Logistic regression over sparse hashed features with AdaGrad, one label at a time; single-threaded and driven by
/// one seeded generator, so the same rows and settings give the same weights bit for bit.
/// </summary>
internal sealed class ArabicLogisticTrainer(ArabicTrainingSettings settings)
{
    /// <summary>Trains one label; rows whose target is null are skipped. Returns the bias and the weights.</summary>
    public (float Bias, float[] Weights) Train(IReadOnlyList<ArabicTrainingRow> rows, Func<ArabicTrainingRow, bool?> target, int seed)
    {
        var size = 1 << settings.HashBits;
        var weights = new float[size];
        var squares = new float[size];
        var used = new List<(ArabicTrainingRow Row, float Y, float Weight)>();
        double positive = 0, negative = 0;
        foreach (var row in rows)
        {
            if (target(row) is { } y)
            {
                used.Add((row, y ? 1f : 0f, row.Weight));
                if (y)
                {
                    positive += row.Weight;
                }
                else
                {
                    negative += row.Weight;
                }
            }
        }

        if (positive == 0 || negative == 0)
        {
            throw new InvalidDataException("a label needs both positive and negative rows to train.");
        }

        // Classes balanced: the positives' total weight equals the negatives'.
        var positiveScale = (float)(negative / positive);
        float bias = 0, biasSquare = 0;
        var order = Enumerable.Range(0, used.Count).ToArray();
        var random = new Random(seed);
        const float Epsilon = 1e-8f;
        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var (row, y, w) = used[index];
                var features = row.Features;
                var scale = features.Length == 0 ? 0f : 1f / MathF.Sqrt(features.Length);
                var sum = 0f;
                foreach (var f in features)
                {
                    sum += weights[f];
                }

                var p = 1f / (1f + MathF.Exp(-(bias + (scale * sum))));
                var g = (p - y) * w * (y > 0 ? positiveScale : 1f);
                foreach (var f in features)
                {
                    var grad = (g * scale) + (settings.L2 * weights[f]);
                    squares[f] += grad * grad;
                    weights[f] -= settings.LearningRate * grad / (MathF.Sqrt(squares[f]) + Epsilon);
                }

                biasSquare += g * g;
                bias -= settings.LearningRate * g / (MathF.Sqrt(biasSquare) + Epsilon);
            }
        }

        return (bias, weights);
    }
}
