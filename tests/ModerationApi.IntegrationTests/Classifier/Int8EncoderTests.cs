using System.Text.Json;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.IntegrationTests.Api;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Classifier;

/// <summary>
/// The int8 encoder (the NuGet model with the committed adapter merged, quantised at load) with its own heads, against
/// the fp32 encoder with the shipped heads: the same actions on the project's fixture posts, embeddings close to the
/// ones recorded at training time, and heads of the other precision refused.
/// </summary>
[Collection(MiniLmCollection.Name)]
public sealed class Int8EncoderTests
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static readonly Lazy<IReadOnlyList<FixturePost>> Recorded = new(() =>
        JsonSerializer.Deserialize<Fixtures>(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "encoder-adapter-fixtures.json")), Json)!.Posts);

    [Fact]
    public async Task Int8AndFp32AgreeOnTheActionForTheFixturePosts()
    {
        // The adapter's fixture posts (written for the project) and the model API tests' unmistakable positives and
        // same-topic hard negatives.
        string[] texts = [.. Recorded.Value.Select(p => p.Text), .. ModelApiTests.PositiveTexts, .. ModelApiTests.NegativeTexts];
        var posts = texts.Select(t => new Post(t)).ToList();

        using var fp32 = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions { Precision = EncoderPrecision.Fp32 }).Build();
        using var int8 = new ModerationEngineBuilder(new EngineOptions()).WithModel(new ClassifierOptions { Precision = EncoderPrecision.Int8 }).Build();
        var expected = (await fp32.ModerateAsync(posts)).Verdicts;
        var actual = (await int8.ModerateAsync(posts)).Verdicts;

        Assert.All(actual, v => Assert.Contains("+int8+heads-", v.ModelVersion, StringComparison.Ordinal));
        Assert.All(expected, v => Assert.DoesNotContain("int8", v.ModelVersion, StringComparison.Ordinal));
        for (int i = 0; i < posts.Count; i++)
        {
            Assert.True(expected[i].Action == actual[i].Action, $"post {i}: fp32 {expected[i].Action}, int8 {actual[i].Action}");
        }

        // Agreement means something only if the posts get more than one action.
        Assert.True(expected.Select(v => v.Action).Distinct().Count() > 1, "every fixture post got the same action");
    }

    [Fact]
    public void Int8EmbeddingsStayCloseToTheFp32EmbeddingsRecordedAtTrainingTime()
    {
        using var encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 1, Precision = EncoderPrecision.Int8 });
        var posts = Recorded.Value;
        float[] actual = new float[posts.Count * MiniLmEncoder.Dimension];

        encoder.EmbedBatch(posts.Select(p => p.Text).ToList(), actual);

        for (int i = 0; i < posts.Count; i++)
        {
            double cosine = posts[i].Merged.Select((x, j) => (double)x * actual[(i * MiniLmEncoder.Dimension) + j]).Sum();
            // Both are unit vectors. Per-column int8 measured a cosine of 0.987 or more on the benchmark posts; one
            // scale per matrix went down to 0.77, which this bound catches.
            Assert.True(cosine > 0.97, $"post {i}: cosine {cosine:0.0000} to the fp32 embedding");
            Assert.True(cosine < 0.99999, $"post {i}: the int8 embedding equals the fp32 one (cosine {cosine}); was it quantised?");
        }
    }

    [Fact]
    public void AnInt8EmbeddingDependsOnlyOnItsOwnText()
    {
        // int8 activations are quantised with one range per call: batched with other texts, a text would come out
        // differently (measured cosine 0.986 at worst), so the same post could get another score in a batch request.
        using var encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 1, Precision = EncoderPrecision.Int8, MaxBatchSize = 32 });
        var texts = Recorded.Value.Select(p => p.Text).Concat(ModelApiTests.PositiveTexts).ToList();
        float[] batched = new float[texts.Count * MiniLmEncoder.Dimension];

        encoder.EmbedBatch(texts, batched);

        for (int i = 0; i < texts.Count; i++)
        {
            Assert.Equal(encoder.Embed(texts[i]), batched.AsSpan(i * MiniLmEncoder.Dimension, MiniLmEncoder.Dimension).ToArray());
        }
    }

    [Fact]
    public void Int8ModelVersionSaysThePrecisionSoCacheKeysDiffer()
    {
        using var encoder = new MiniLmEncoder(new EncoderOptions { IntraOpThreads = 1, Precision = EncoderPrecision.Int8 });

        Assert.EndsWith("+int8", encoder.ModelVersion, StringComparison.Ordinal);
        Assert.StartsWith("all-MiniLM-L6-v2@4a64cee3d413+adapter-", encoder.ModelVersion, StringComparison.Ordinal);
        Assert.Equal(EncoderPrecision.Int8, encoder.Precision);
    }

    [Fact]
    public void TheInt8EncoderRefusesHeadsTrainedOnFp32()
    {
        string fp32Heads = new ClassifierOptions { Precision = EncoderPrecision.Fp32 }.ResolvedHeadsPath;

        var error = Assert.Throws<InvalidDataException>(() => ModelLoader.Load(new ClassifierOptions { Precision = EncoderPrecision.Int8, HeadsPath = fp32Heads }));

        Assert.Contains("trained on the fp32 encoder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFp32EncoderRefusesTheInt8Heads()
    {
        string int8Heads = new ClassifierOptions { Precision = EncoderPrecision.Int8 }.ResolvedHeadsPath;

        Assert.EndsWith("heads-int8.onnx", int8Heads, StringComparison.Ordinal);
        var error = Assert.Throws<InvalidDataException>(() => ModelLoader.Load(new ClassifierOptions { Precision = EncoderPrecision.Fp32, HeadsPath = int8Heads }));
        Assert.Contains("trained on the int8 encoder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceRefusesToStartWhenTheHeadsDoNotMatchThePrecision()
    {
        string fp32Heads = new ClassifierOptions { Precision = EncoderPrecision.Fp32 }.ResolvedHeadsPath;
        OptionsValidationException error = StartupFailure.Of<OptionsValidationException>(() => new ModerationApiFactory()
            .With("Classifier:Enabled", "true")
            .With("Classifier:Precision", "Int8")
            .With("Classifier:HeadsPath", fp32Heads));

        Assert.Contains("Classifier:HeadsPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("trained on the fp32 encoder", error.Message, StringComparison.Ordinal);
    }

    private sealed record Fixtures(IReadOnlyList<FixturePost> Posts);

    private sealed record FixturePost(string Text, float[] Merged);
}
