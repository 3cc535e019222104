using ModerationApi.Training;

namespace ModerationApi.UnitTests.Training;

public sealed class AffineEmbeddingMapTests
{
    private const int Dimension = 4;

    // y = M·x + t, written out by hand: a rotation-and-scale of the first two dimensions, nearly a swap of the last two, a shift.
    private static readonly float[,] M =
    {
        { 0.9f, -0.2f, 0f, 0f },
        { 0.1f, 1.1f, 0f, 0f },
        { 0f, 0f, 0f, 1f },
        { 0f, 0f, 1f, 0.05f },
    };

    private static readonly float[] T = [0.01f, -0.02f, 0.03f, 0f];

    [Fact]
    public void AnExactAffineRelationIsRecoveredFromTheRowsItIsFittedOn()
    {
        var (from, to) = Pairs(64, seed: 3);

        var map = AffineEmbeddingMap.Fit(from, to, Enumerable.Range(0, from.Count).ToList(), ridge: 0);

        for (var o = 0; o < Dimension; o++)
        {
            for (var i = 0; i < Dimension; i++)
            {
                Assert.Equal(M[o, i], map.GetRow(o)[i], 4);
            }

            Assert.Equal(T[o], map.Shift[o], 4);
        }
    }

    [Fact]
    public void RowsLeftOutOfTheFitDoNotInfluenceIt()
    {
        var (from, to) = Pairs(64, seed: 5);
        // Rows 32..63 are corrupted; fitted on 0..31 only, the map must still be the true one and map them back wrongly.
        for (var r = 32; r < 64; r++)
        {
            to[r] = [.. to[r].Select(v => v + 5f)];
        }

        var map = AffineEmbeddingMap.Fit(from, to, Enumerable.Range(0, 32).ToList(), ridge: 0);

        Assert.Equal(T[0], map.Shift[0], 4);
        Assert.Equal(to[40][0] - 5f, map.Apply(from[40])[0], 4);
    }

    [Fact]
    public void HeadsWithTheMapFoldedInScoreAsTheHeadsOnMappedEmbeddings()
    {
        var (from, to) = Pairs(64, seed: 7);
        var map = AffineEmbeddingMap.Fit(from, to, Enumerable.Range(0, from.Count).ToList());
        var random = new Random(11);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5))];
        const int hidden = 3;
        var heads = new MlpHeads(["extremist_propaganda", "terrorist_financing"], Dimension, hidden, Values(2 * hidden * Dimension), Values(2 * hidden), Values(2 * hidden), Values(2));

        var folded = heads.WithInputMap(map);

        var direct = new float[2];
        var throughFold = new float[2];
        foreach (var x in from.Take(16))
        {
            heads.Score(map.Apply(x), 1, direct);
            folded.Score(x, 1, throughFold);
            Assert.Equal(direct[0], throughFold[0], 5);
            Assert.Equal(direct[1], throughFold[1], 5);
        }
    }

    [Fact]
    public void TheRidgeShrinksTheWeightsButNotTheTranslation()
    {
        var (from, to) = Pairs(64, seed: 9);

        // With an overwhelming ridge the weights go to zero and the best translation is the targets' mean.
        var map = AffineEmbeddingMap.Fit(from, to, Enumerable.Range(0, from.Count).ToList(), ridge: 1e9);

        for (var o = 0; o < Dimension; o++)
        {
            Assert.Equal(to.Average(y => y[o]), map.Shift[o], 3);
            Assert.All(map.GetRow(o).ToArray(), w => Assert.True(Math.Abs(w) < 1e-4));
        }
    }

    [Fact]
    public void TooFewDistinctRowsAreRefusedRatherThanSolvedArbitrarily()
    {
        var (from, to) = Pairs(2, seed: 1);

        Assert.Throws<ArgumentException>(() => AffineEmbeddingMap.Fit(from, to, [0, 1], ridge: 0));
    }

    private static (List<float[]> From, List<float[]> To) Pairs(int count, int seed)
    {
        var random = new Random(seed);
        var from = new List<float[]>();
        var to = new List<float[]>();
        for (var r = 0; r < count; r++)
        {
            float[] x = [.. Enumerable.Range(0, Dimension).Select(_ => (float)((random.NextDouble() * 2) - 1))];
            var y = new float[Dimension];
            for (var o = 0; o < Dimension; o++)
            {
                y[o] = T[o];
                for (var i = 0; i < Dimension; i++)
                {
                    y[o] += M[o, i] * x[i];
                }
            }

            from.Add(x);
            to.Add(y);
        }

        return (from, to);
    }
}
