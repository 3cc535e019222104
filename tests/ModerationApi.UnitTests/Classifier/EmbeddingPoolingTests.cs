using ModerationApi.Engine.Classifier;

namespace ModerationApi.UnitTests.Classifier;

public sealed class EmbeddingPoolingTests
{
    [Fact]
    public void AveragesTheAttendedTokensIgnoresPaddingAndNormalises()
    {
        // Tokens (3, 0) and (1, 4) average to (2, 2), of length 2√2; the padded third row must not count.
        float[] hidden = [3, 0, 1, 4, 99, 99];
        float[] embedding = new float[2];
        EmbeddingPooling.MeanPoolAndNormalize(hidden, 2, embedding);
        Assert.Equal(1 / MathF.Sqrt(2), embedding[0], 1e-6f);
        Assert.Equal(1 / MathF.Sqrt(2), embedding[1], 1e-6f);
    }

    [Fact]
    public void ZeroVectorStaysZeroInsteadOfBecomingNaN()
    {
        float[] embedding = new float[3];
        EmbeddingPooling.MeanPoolAndNormalize(new float[6], 2, embedding);
        Assert.Equal([0f, 0f, 0f], embedding);
    }

    [Fact]
    public void MaxPoolingTakesEachDimensionsLargestAttendedValueAndNormalises()
    {
        // Tokens (3, -2), (1, 4) and (-5, 0): maxima (3, 4), of length 5. The padded row (99, 99) must not win.
        float[] hidden = [3, -2, 1, 4, -5, 0, 99, 99];
        float[] embedding = new float[2];
        EmbeddingPooling.MaxPoolAndNormalize(hidden, 3, embedding);
        Assert.Equal(0.6f, embedding[0], 1e-6f);
        Assert.Equal(0.8f, embedding[1], 1e-6f);
    }

    [Fact]
    public void MaxPoolingOfOneTokenIsThatTokenNormalised()
    {
        float[] embedding = new float[2];
        EmbeddingPooling.MaxPoolAndNormalize([-3, -4, 7, 7], 1, embedding);
        Assert.Equal(-0.6f, embedding[0], 1e-6f);
        Assert.Equal(-0.8f, embedding[1], 1e-6f);
    }

    [Fact]
    public void MeanMaxIsTheMeanThenTheMaxEachOverRootTwoWithUnitNorm()
    {
        // Mean (2, 1) / √5, max (3, 4) / 5; the whole divided by √2.
        float[] hidden = [3, -2, 1, 4, 99, 99];
        float[] embedding = new float[4];
        EmbeddingPooling.MeanMaxPoolAndNormalize(hidden, 2, embedding);

        float root2 = MathF.Sqrt(2);
        Assert.Equal(2 / MathF.Sqrt(5) / root2, embedding[0], 1e-6f);
        Assert.Equal(1 / MathF.Sqrt(5) / root2, embedding[1], 1e-6f);
        Assert.Equal(0.6f / root2, embedding[2], 1e-6f);
        Assert.Equal(0.8f / root2, embedding[3], 1e-6f);
        Assert.Equal(1f, MathF.Sqrt(embedding.Sum(x => x * x)), 1e-6f);
    }

    [Fact]
    public void MeanMaxRefusesAnOddWidth()
    {
        Assert.Throws<ArgumentException>(() => EmbeddingPooling.MeanMaxPoolAndNormalize(new float[6], 2, new float[3]));
    }
}
