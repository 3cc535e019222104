namespace ModerationApi.Cli.Hashed;

/// <summary>
/// Logistic regression over sparse hashed features with AdaGrad, one label at a time (the Arabic model's labels, the
/// encoder screen); single-threaded and driven by one seeded generator, so the same rows and settings give the same
/// weights bit for bit.
/// </summary>
/// <param name="hashBits">Feature buckets are 2^hashBits.</param>
/// <param name="epochs">Passes over the rows.</param>
/// <param name="learningRate">AdaGrad's step.</param>
/// <param name="l2">L2 penalty per feature update.</param>
internal sealed class HashedLogisticTrainer(int hashBits, int epochs, float learningRate, float l2)
{
    /// <summary>
    /// Trains one label; rows whose target is null are skipped; positives and negatives are balanced by total weight.
    /// Returns the bias and the weights.
    /// </summary>
    public (float Bias, float[] Weights) Train<TRow>(IReadOnlyList<TRow> rows, Func<TRow, int[]> features, Func<TRow, float> weight, Func<TRow, bool?> target, int seed)
    {
        var size = 1 << hashBits;
        var weights = new float[size];
        var squares = new float[size];
        var used = new List<(int[] Features, float Y, float Weight)>();
        double positive = 0, negative = 0;
        foreach (var row in rows)
        {
            if (target(row) is { } y)
            {
                var w = weight(row);
                used.Add((features(row), y ? 1f : 0f, w));
                if (y)
                {
                    positive += w;
                }
                else
                {
                    negative += w;
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
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            foreach (var index in order)
            {
                var (rowFeatures, y, w) = used[index];
                var scale = rowFeatures.Length == 0 ? 0f : 1f / MathF.Sqrt(rowFeatures.Length);
                var sum = 0f;
                foreach (var f in rowFeatures)
                {
                    sum += weights[f];
                }

                var p = 1f / (1f + MathF.Exp(-(bias + (scale * sum))));
                var g = (p - y) * w * (y > 0 ? positiveScale : 1f);
                foreach (var f in rowFeatures)
                {
                    var grad = (g * scale) + (l2 * weights[f]);
                    squares[f] += grad * grad;
                    weights[f] -= learningRate * grad / (MathF.Sqrt(squares[f]) + Epsilon);
                }

                biasSquare += g * g;
                bias -= learningRate * g / (MathF.Sqrt(biasSquare) + Epsilon);
            }
        }

        return (bias, weights);
    }
}
