using ModerationApi.Engine.Classifier;

namespace ModerationApi.Training;

/// <summary>
/// An affine map between two encoders' embeddings of the same texts, <c>y = M·x + t</c>, fitted by ridge-regularised
/// least squares: for instance from the int8 encoder's embeddings onto the fp32 encoder's, so heads fitted on fp32 read
/// int8 embeddings without the systematic part of the quantisation error (what is left is the per-text noise).
/// </summary>
public sealed class AffineEmbeddingMap
{
    // Row-major [output, input]: output dimension o reads input weights at o·D.
    private readonly float[] _matrix;
    private readonly float[] _shift;

    private AffineEmbeddingMap(int dimension, float[] matrix, float[] shift)
    {
        Dimension = dimension;
        _matrix = matrix;
        _shift = shift;
    }

    /// <summary>Embedding width, the same on both sides.</summary>
    public int Dimension { get; }

    /// <summary>The weights of output dimension <paramref name="output"/> over the input dimensions.</summary>
    public ReadOnlySpan<float> GetRow(int output) => _matrix.AsSpan(output * Dimension, Dimension);

    /// <summary>The translation <c>t</c>.</summary>
    public ReadOnlySpan<float> Shift => _shift;

    /// <summary>
    /// Fits the map from <paramref name="from"/> onto <paramref name="to"/> over the rows <paramref name="rows"/>
    /// (for instance the training windows only, so held-out rows stay unseen), minimising the squared error plus
    /// <paramref name="ridge"/> times the squared weights (the translation is not regularised).
    /// </summary>
    /// <exception cref="ArgumentException">Widths differ, there are no rows, or the system cannot be solved.</exception>
    public static AffineEmbeddingMap Fit(IReadOnlyList<float[]> from, IReadOnlyList<float[]> to, IReadOnlyList<int> rows, double ridge = 1e-3)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0 || from.Count != to.Count)
        {
            throw new ArgumentException("Both sides need the same rows, at least one.", nameof(rows));
        }

        var d = from[rows[0]].Length;
        var p = d + 1;

        // Normal equations over [x, 1]: (XᵀX + λI') B = XᵀY, B of shape [p, d]; column o of B is output o's weights.
        var gram = new double[p * p];
        var cross = new double[p * d];
        var row = new double[p];
        foreach (var r in rows)
        {
            if (from[r].Length != d || to[r].Length != d)
            {
                throw new ArgumentException($"Every embedding must have {d} values.", nameof(from));
            }

            for (var i = 0; i < d; i++)
            {
                row[i] = from[r][i];
            }

            row[d] = 1;
            var y = to[r];
            for (var i = 0; i < p; i++)
            {
                var ri = row[i];
                var g = gram.AsSpan(i * p, p);
                for (var j = i; j < p; j++)
                {
                    g[j] += ri * row[j];
                }

                var c = cross.AsSpan(i * d, d);
                for (var o = 0; o < d; o++)
                {
                    c[o] += ri * y[o];
                }
            }
        }

        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < i; j++)
            {
                gram[(i * p) + j] = gram[(j * p) + i];
            }

            gram[(i * p) + i] += i < d ? ridge : 0;
        }

        SolveInPlace(gram, cross, p, d);
        var matrix = new float[d * d];
        var shift = new float[d];
        for (var o = 0; o < d; o++)
        {
            for (var i = 0; i < d; i++)
            {
                matrix[(o * d) + i] = (float)cross[(i * d) + o];
            }

            shift[o] = (float)cross[(d * d) + o];
        }

        return new AffineEmbeddingMap(d, matrix, shift);
    }

    /// <summary>Maps one embedding.</summary>
    public float[] Apply(ReadOnlySpan<float> embedding)
    {
        if (embedding.Length != Dimension)
        {
            throw new ArgumentException($"Expected {Dimension} values, got {embedding.Length}.", nameof(embedding));
        }

        var result = new float[Dimension];
        for (var o = 0; o < Dimension; o++)
        {
            result[o] = VectorMath.Dot(GetRow(o), embedding) + _shift[o];
        }

        return result;
    }

    // With a ridge the system is symmetric positive definite and Cholesky would do; elimination with partial pivoting
    // also solves the unregularised systems the tests use, at a cost (d³/3 for d = 385) that is nothing next to
    // embedding the windows.
    private static void SolveInPlace(double[] a, double[] b, int n, int columns)
    {
        // Singular relative to the matrix's own scale: sums over tens of thousands of rows make absolute limits meaningless.
        var scale = 0.0;
        for (var i = 0; i < n; i++)
        {
            scale = Math.Max(scale, Math.Abs(a[(i * n) + i]));
        }

        for (var c = 0; c < n; c++)
        {
            var pivot = c;
            for (var r = c + 1; r < n; r++)
            {
                if (Math.Abs(a[(r * n) + c]) > Math.Abs(a[(pivot * n) + c]))
                {
                    pivot = r;
                }
            }

            if (Math.Abs(a[(pivot * n) + c]) < 1e-12 * scale)
            {
                throw new ArgumentException("The embeddings do not determine an affine map (singular system); add rows or ridge.");
            }

            if (pivot != c)
            {
                Swap(a, c * n, pivot * n, n);
                Swap(b, c * columns, pivot * columns, columns);
            }

            var inverse = 1 / a[(c * n) + c];
            for (var r = c + 1; r < n; r++)
            {
                var f = a[(r * n) + c] * inverse;
                if (f == 0)
                {
                    continue;
                }

                for (var j = c; j < n; j++)
                {
                    a[(r * n) + j] -= f * a[(c * n) + j];
                }

                for (var j = 0; j < columns; j++)
                {
                    b[(r * columns) + j] -= f * b[(c * columns) + j];
                }
            }
        }

        for (var c = n - 1; c >= 0; c--)
        {
            var inverse = 1 / a[(c * n) + c];
            for (var j = 0; j < columns; j++)
            {
                var sum = b[(c * columns) + j];
                for (var k = c + 1; k < n; k++)
                {
                    sum -= a[(c * n) + k] * b[(k * columns) + j];
                }

                b[(c * columns) + j] = sum * inverse;
            }
        }
    }

    private static void Swap(double[] values, int first, int second, int length)
    {
        for (var k = 0; k < length; k++)
        {
            (values[first + k], values[second + k]) = (values[second + k], values[first + k]);
        }
    }
}
