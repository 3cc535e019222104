namespace ModerationApi.UnitTests.Classifier;

/// <summary>Seeded stand-ins for sentence embeddings: random unit vectors, like MiniLM's L2-normalised output.</summary>
internal static class SyntheticEmbeddings
{
    public const int Dimension = 384;

    public static float[] UnitVector(Random random, int dimension = Dimension)
    {
        var v = new float[dimension];
        double norm = 0;
        for (var i = 0; i < dimension; i++)
        {
            // Box–Muller: a Gaussian direction is uniform on the sphere once normalised.
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[i] = (float)g;
            norm += g * g;
        }

        var scale = 1 / Math.Sqrt(norm);
        for (var i = 0; i < dimension; i++)
        {
            v[i] = (float)(v[i] * scale);
        }

        return v;
    }

    public static double Dot(float[] a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    public static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));
}
