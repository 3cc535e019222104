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
}
