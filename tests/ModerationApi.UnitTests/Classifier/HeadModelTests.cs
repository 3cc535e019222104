using Microsoft.ML.OnnxRuntime;
using ModerationApi.Engine.Classifier;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class HeadModelTests
{
    private static readonly string[] Labels = ["extremist_propaganda", "terrorist_financing", "recruitment"];

    [Fact]
    public void ScoresAreTheSigmoidOfEmbeddingTimesWeightsPlusBias()
    {
        var random = new Random(2024);
        var (weights, biases) = RandomHeads(random, Labels.Length, SyntheticEmbeddings.Dimension);
        var heads = new LogisticHeads(Labels, SyntheticEmbeddings.Dimension, weights, biases);
        using var model = HeadModel.Load(OnnxHeadWriter.Write(heads, [0.5f, 0.5f, 0.5f], "v1"));
        const int n = 7;
        var embeddings = Enumerable.Range(0, n).SelectMany(_ => SyntheticEmbeddings.UnitVector(random)).ToArray();

        var viaSpan = new float[n * Labels.Length];
        var viaMemory = new float[n * Labels.Length];
        model.Score(embeddings.AsSpan(), n, viaSpan.AsSpan());
        model.Score(embeddings.AsMemory(), n, viaMemory.AsMemory());

        for (var row = 0; row < n; row++)
        {
            var x = embeddings.AsSpan(row * SyntheticEmbeddings.Dimension, SyntheticEmbeddings.Dimension);
            for (var l = 0; l < Labels.Length; l++)
            {
                // weights are label-major here: w_l = weights[l*D .. (l+1)*D].
                var w = weights.AsSpan(l * SyntheticEmbeddings.Dimension, SyntheticEmbeddings.Dimension).ToArray();
                var expected = SyntheticEmbeddings.Sigmoid(SyntheticEmbeddings.Dot(w, x) + biases[l]);
                Assert.Equal(expected, viaSpan[(row * Labels.Length) + l], 1e-5);
                Assert.Equal(expected, viaMemory[(row * Labels.Length) + l], 1e-5);
            }
        }
    }

    [Fact]
    public void MetadataRoundTripsThroughTheModelFile()
    {
        var heads = new LogisticHeads(Labels, 2, new float[6], new float[3]);
        float[] thresholds = [0.123456789f, float.BitIncrement(0.85f), 0.9999f];
        var bytes = OnnxHeadWriter.Write(heads, thresholds, "2026-11-27.1", new Dictionary<string, string> { ["encoder"] = "all-MiniLM-L6-v2" });
        var path = Path.Combine(Path.GetTempPath(), $"heads-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        try
        {
            using var model = HeadModel.Load(path);

            Assert.Equal(Labels, model.Labels);
            Assert.Equal(thresholds, model.Thresholds);
            Assert.Equal("2026-11-27.1", model.Version);
            Assert.Equal(2, model.Dimension);
            Assert.Equal("all-MiniLM-L6-v2", model.Metadata["encoder"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheExportedModelAgreesWithTheTrainedHeadsEndToEnd()
    {
        var random = new Random(99);
        var direction = SyntheticEmbeddings.UnitVector(random);
        var samples = Enumerable.Range(0, 400).Select(_ =>
        {
            var x = SyntheticEmbeddings.UnitVector(random);
            var positive = SyntheticEmbeddings.Dot(x, direction) > 0;
            return new HeadTrainingSample(x, [positive ? LabelTarget.Positive : LabelTarget.Negative]);
        }).ToList();
        var heads = new LogisticHeadTrainer(new LogisticHeadTrainerOptions { Epochs = 5 }).Train(["extremist_propaganda"], samples);
        var embeddings = samples.Take(50).SelectMany(s => s.Embedding).ToArray();
        var managed = new float[50];
        heads.Score(embeddings, 50, managed);
        var negatives = managed.Where((_, i) => samples[i].Targets[0] == LabelTarget.Negative).ToArray();
        var calibration = ThresholdCalibrator.Calibrate([], negatives, 0.05);

        using var model = HeadModel.Load(OnnxHeadWriter.Write(heads, [calibration.Threshold], "e2e"));
        var onnx = new float[50];
        model.Score(embeddings, 50, onnx);

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(managed[i], onnx[i], 1e-5f);
        }

        Assert.Equal(calibration.Threshold, model.Thresholds[0]);
    }

    [Fact]
    public void AnExportedMlpAgreesWithItsManagedForwardPassForEveryLabel()
    {
        var random = new Random(123);
        var (topic, stance) = (SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random));
        var samples = MlpHeadTrainerTests.Xor(random, topic, stance, 600)
            .Select((s, i) => s with { Targets = [s.Targets[0], i % 3 == 0 ? LabelTarget.Unknown : s.Targets[0] == LabelTarget.Positive ? LabelTarget.Negative : LabelTarget.Positive] })
            .ToList();
        var heads = new MlpHeadTrainer(new MlpHeadTrainerOptions { Hidden = 24, Epochs = 4, Seed = 5 })
            .Train(["extremist_propaganda", "terrorist_financing"], samples);
        const int n = 64;
        var embeddings = samples.Take(n).SelectMany(s => s.Embedding).ToArray();
        var managed = new float[n * 2];
        heads.Score(embeddings, n, managed);

        using var model = HeadModel.Load(OnnxHeadWriter.Write(heads, [0.4f, 0.6f], "mlp"));
        var onnx = new float[n * 2];
        model.Score(embeddings, n, onnx);

        Assert.Equal(SyntheticEmbeddings.Dimension, model.Dimension);
        Assert.Equal([0.4f, 0.6f], model.Thresholds);
        Assert.Contains("relu", model.Metadata["formula"], StringComparison.Ordinal);
        for (var i = 0; i < n * 2; i++)
        {
            Assert.Equal(managed[i], onnx[i], 1e-5f);
        }

        // The two labels must not be the same function: the block-diagonal output keeps each on its own units.
        Assert.Contains(Enumerable.Range(0, n), i => Math.Abs(onnx[2 * i] - onnx[(2 * i) + 1]) > 0.05);
    }

    [Fact]
    public void ConcurrentCallersGetTheSameScoresAsASerialCaller()
    {
        var random = new Random(5);
        var (weights, biases) = RandomHeads(random, Labels.Length, SyntheticEmbeddings.Dimension);
        using var model = HeadModel.Load(OnnxHeadWriter.Write(
            new LogisticHeads(Labels, SyntheticEmbeddings.Dimension, weights, biases), [0.5f, 0.5f, 0.5f], "v1"));
        var inputs = Enumerable.Range(0, 16).Select(_ => SyntheticEmbeddings.UnitVector(random)).ToArray();
        var serial = inputs.Select(x => Score(model, x)).ToArray();

        var concurrent = new float[inputs.Length * 20][];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            concurrent[i] = Score(model, inputs[i % inputs.Length]));

        for (var i = 0; i < concurrent.Length; i++)
        {
            Assert.Equal(serial[i % inputs.Length], concurrent[i]);
        }
    }

    [Fact]
    public void BuffersOfTheWrongSizeAreRejected()
    {
        using var model = HeadModel.Load(OnnxHeadWriter.Write(new LogisticHeads(Labels, 2, new float[6], new float[3]), [0.5f, 0.5f, 0.5f], "v1"));

        Assert.Throws<ArgumentException>(() => model.Score(new float[3], 2, new float[6]));
        Assert.Throws<ArgumentException>(() => model.Score(new float[4], 2, new float[5]));
        Assert.Throws<ArgumentException>(() => model.Score(new float[4].AsMemory(), 2, new float[5].AsMemory()));
    }

    [Fact]
    public void ZeroRowsScoreNothing()
    {
        using var model = HeadModel.Load(OnnxHeadWriter.Write(new LogisticHeads(Labels, 2, new float[6], new float[3]), [0.5f, 0.5f, 0.5f], "v1"));

        model.Score(ReadOnlySpan<float>.Empty, 0, Span<float>.Empty);
    }

    [Fact]
    public void ADisposedModelRefusesToScore()
    {
        var model = HeadModel.Load(OnnxHeadWriter.Write(new LogisticHeads(Labels, 2, new float[6], new float[3]), [0.5f, 0.5f, 0.5f], "v1"));
        model.Dispose();

        Assert.Throws<ObjectDisposedException>(() => model.Score(new float[2], 1, new float[3]));
    }

    [Theory]
    [InlineData("labels")]
    [InlineData("version")]
    [InlineData("thresholds")]
    public void AModelMissingAHeadMetadataEntryFailsToLoad(string missing)
    {
        var entries = ValidMetadata().Where(e => e.Key != missing);

        var e = Assert.Throws<InvalidDataException>(() => HeadModel.Load(OnnxHeadWriter.Encode(TwoByThree(), entries)));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelWhoseLabelsDoNotMatchItsOutputWidthFailsToLoad()
    {
        var entries = ValidMetadata().Select(e => e.Key == "labels" ? new KeyValuePair<string, string>("labels", "a,b") : e);

        Assert.Throws<InvalidDataException>(() => HeadModel.Load(OnnxHeadWriter.Encode(TwoByThree(), entries)));
    }

    [Fact]
    public void AModelWithoutAThresholdForEveryLabelFailsToLoad()
    {
        var entries = ValidMetadata().Select(e =>
            e.Key == "thresholds" ? new KeyValuePair<string, string>("thresholds", """{"extremist_propaganda":0.5}""") : e);

        Assert.Throws<InvalidDataException>(() => HeadModel.Load(OnnxHeadWriter.Encode(TwoByThree(), entries)));
    }

    [Fact]
    public void BytesThatAreNotAModelFailToLoad()
    {
        Assert.Throws<OnnxRuntimeException>(() => HeadModel.Load([0x01, 0x02, 0x03]));
    }

    private static LogisticHeads TwoByThree() => new(Labels, 2, new float[6], new float[3]);

    private static KeyValuePair<string, string>[] ValidMetadata() =>
    [
        new("labels", string.Join(',', Labels)),
        new("version", "v1"),
        new("thresholds", """{"extremist_propaganda":0.5,"terrorist_financing":0.5,"recruitment":0.5}"""),
    ];

    private static float[] Score(HeadModel model, float[] embedding)
    {
        var scores = new float[model.Labels.Count];
        model.Score(embedding, 1, scores);
        return scores;
    }

    private static (float[] Weights, float[] Biases) RandomHeads(Random random, int labels, int dimension)
    {
        // Weights of a few units so logits spread over the sigmoid's whole range, not just its linear middle.
        var weights = Enumerable.Range(0, labels * dimension).Select(_ => (float)((random.NextDouble() - 0.5) * 8)).ToArray();
        var biases = Enumerable.Range(0, labels).Select(_ => (float)((random.NextDouble() - 0.5) * 2)).ToArray();
        return (weights, biases);
    }
}
