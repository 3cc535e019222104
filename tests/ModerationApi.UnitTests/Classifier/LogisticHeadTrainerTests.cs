using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class LogisticHeadTrainerTests
{
    private static readonly string[] TwoLabels = ["extremist_propaganda", "terrorist_financing"];

    [Fact]
    public void SeparatesLinearlySeparableLabelsOnHeldOutData()
    {
        var random = new Random(7);
        var (propaganda, financing) = (SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random));
        var training = Separable(random, propaganda, financing, 1500, unknownShare: 0.2);
        var heldOut = Separable(random, propaganda, financing, 500, unknownShare: 0);

        var heads = new LogisticHeadTrainer(new LogisticHeadTrainerOptions { Epochs = 15 }).Train(TwoLabels, training);

        for (var l = 0; l < 2; l++)
        {
            var weights = heads.GetWeights(l).ToArray();
            var correct = heldOut.Count(s =>
                (SyntheticEmbeddings.Dot(s.Embedding, weights) + heads.GetBias(l) >= 0) == (s.Targets[l] == LabelTarget.Positive));
            Assert.True(correct / (double)heldOut.Count > 0.98, $"label {l}: accuracy {correct / (double)heldOut.Count}");
        }
    }

    [Fact]
    public void SameSamplesAndSeedGiveBitIdenticalWeights()
    {
        var random = new Random(11);
        var samples = Separable(random, SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random), 600, 0.1);
        var options = new LogisticHeadTrainerOptions { Epochs = 5, BatchSize = 64, Seed = 42 };

        var first = new LogisticHeadTrainer(options).Train(TwoLabels, samples);
        var second = new LogisticHeadTrainer(options).Train(TwoLabels, samples);

        for (var l = 0; l < 2; l++)
        {
            Assert.Equal(Bits(first.GetWeights(l)), Bits(second.GetWeights(l)));
            Assert.Equal(BitConverter.SingleToInt32Bits(first.GetBias(l)), BitConverter.SingleToInt32Bits(second.GetBias(l)));
        }
    }

    [Fact]
    public void TheSeedDecidesTheShuffle()
    {
        var random = new Random(11);
        var samples = Separable(random, SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random), 600, 0.1);
        var options = new LogisticHeadTrainerOptions { Epochs = 5, BatchSize = 64, Seed = 42 };

        var first = new LogisticHeadTrainer(options).Train(TwoLabels, samples);
        var other = new LogisticHeadTrainer(options with { Seed = 43 }).Train(TwoLabels, samples);

        Assert.NotEqual(Bits(first.GetWeights(0)), Bits(other.GetWeights(0)));
    }

    // With every embedding zero only the bias can fit, and the weighted log-loss is minimised at
    // b = ln(total positive weight / total negative weight): the expected biases below follow from that alone.
    [Theory]
    [InlineData(false, 1f, -2.1972245773)] // ln(10 / 90)
    [InlineData(false, 3f, -1.0986122887)] // ln(30 / 90): sample weights count
    [InlineData(true, 1f, 0.0)]            // balanced: positive weight made equal to negative weight
    [InlineData(true, 3f, 0.0)]
    public void BiasOfAnUninformativeEmbeddingIsTheLogOddsOfTheWeightedClasses(bool balance, float positiveWeight, double expectedBias)
    {
        var samples = RareLabel(positives: 10, negatives: 90, positiveWeight, dimension: 8);
        var options = new LogisticHeadTrainerOptions { BalanceClasses = balance, Epochs = 200, BatchSize = 10, LearningRate = 0.05 };

        var heads = new LogisticHeadTrainer(options).Train(["extremist_propaganda"], samples);

        Assert.Equal(expectedBias, heads.GetBias(0), 0.05);
    }

    [Fact]
    public void BalancingRaisesTheBiasOfARareLabel()
    {
        var random = new Random(3);
        var direction = SyntheticEmbeddings.UnitVector(random);
        var samples = new List<HeadTrainingSample>();
        for (var i = 0; i < 1000; i++)
        {
            // Overlapping classes, 5 % positive: the bias carries the prior, so balancing must push it up.
            var x = SyntheticEmbeddings.UnitVector(random);
            var positive = SyntheticEmbeddings.Dot(x, direction) + (0.05 * (random.NextDouble() - 0.5)) > 0.09;
            samples.Add(new HeadTrainingSample(x, [positive ? LabelTarget.Positive : LabelTarget.Negative]));
        }

        var options = new LogisticHeadTrainerOptions { Epochs = 20, BatchSize = 64 };
        var plain = new LogisticHeadTrainer(options with { BalanceClasses = false }).Train(["terrorist_financing"], samples);
        var balanced = new LogisticHeadTrainer(options with { BalanceClasses = true }).Train(["terrorist_financing"], samples);

        Assert.True(balanced.GetBias(0) > plain.GetBias(0) + 0.5, $"balanced {balanced.GetBias(0)} vs plain {plain.GetBias(0)}");
    }

    [Fact]
    public void UnknownTargetsTeachTheirLabelNothing()
    {
        var samples = RareLabel(positives: 10, negatives: 90, positiveWeight: 1f, dimension: 8);

        // Second label: 30 positives and 30 negatives, plus 40 samples it never saw. If the unknowns counted as
        // negatives the optimum would be ln(30/70); left out, it is ln(30/30) = 0.
        var withSecond = samples
            .Select((s, i) => s with { Targets = [s.Targets[0], i < 30 ? LabelTarget.Positive : i < 60 ? LabelTarget.Negative : LabelTarget.Unknown] })
            .ToList();
        var options = new LogisticHeadTrainerOptions { BalanceClasses = false, Epochs = 200, BatchSize = 10 };

        var heads = new LogisticHeadTrainer(options).Train(TwoLabels, withSecond);

        Assert.Equal(Math.Log(10.0 / 90.0), heads.GetBias(0), 0.05);
        Assert.Equal(0.0, heads.GetBias(1), 0.05);
    }

    [Fact]
    public void StrongerL2GivesSmallerWeights()
    {
        var random = new Random(5);
        var samples = Separable(random, SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random), 500, 0);
        var options = new LogisticHeadTrainerOptions { Epochs = 10 };

        var loose = new LogisticHeadTrainer(options with { L2Strength = 1e-5 }).Train(TwoLabels, samples);
        var tight = new LogisticHeadTrainer(options with { L2Strength = 1e-1 }).Train(TwoLabels, samples);

        Assert.True(Norm(tight.GetWeights(0)) < 0.5 * Norm(loose.GetWeights(0)));
    }

    [Fact]
    public void ALabelWithoutPositivesIsRejected()
    {
        var samples = RareLabel(positives: 0, negatives: 20, positiveWeight: 1f, dimension: 8);

        var e = Assert.Throws<ArgumentException>(() => new LogisticHeadTrainer(new LogisticHeadTrainerOptions()).Train(["extremist_propaganda"], samples));
        Assert.Contains("extremist_propaganda", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANonFiniteEmbeddingIsRejected()
    {
        var samples = RareLabel(positives: 5, negatives: 5, positiveWeight: 1f, dimension: 8);
        samples[3].Embedding[2] = float.NaN;

        Assert.Throws<ArgumentException>(() => new LogisticHeadTrainer(new LogisticHeadTrainerOptions()).Train(["extremist_propaganda"], samples));
    }

    [Fact]
    public void EmbeddingsOfMixedWidthAreRejected()
    {
        var samples = RareLabel(positives: 5, negatives: 5, positiveWeight: 1f, dimension: 8);
        samples.Add(new HeadTrainingSample(new float[7], [LabelTarget.Negative]));

        Assert.Throws<ArgumentException>(() => new LogisticHeadTrainer(new LogisticHeadTrainerOptions()).Train(["extremist_propaganda"], samples));
    }

    private static List<HeadTrainingSample> Separable(Random random, float[] first, float[] second, int count, double unknownShare)
    {
        var samples = new List<HeadTrainingSample>(count);
        while (samples.Count < count)
        {
            // A random direction pushed 0.2 away from both decision planes (a random unit vector's own projection has
            // sd ≈ 0.05), so the two labels are separable with a clear margin, as topical clusters of texts are.
            var x = SyntheticEmbeddings.UnitVector(random);
            var (a, b) = (SyntheticEmbeddings.Dot(x, first), SyntheticEmbeddings.Dot(x, second));
            for (var i = 0; i < x.Length; i++)
            {
                x[i] += (float)((0.2 * Math.Sign(a) * first[i]) + (0.2 * Math.Sign(b) * second[i]));
            }

            (a, b) = (SyntheticEmbeddings.Dot(x, first), SyntheticEmbeddings.Dot(x, second));
            var secondTarget = random.NextDouble() < unknownShare ? LabelTarget.Unknown : Target(b > 0);
            samples.Add(new HeadTrainingSample(x, [Target(a > 0), secondTarget], Group: $"source{samples.Count % 3}"));
        }

        return samples;
    }

    private static List<HeadTrainingSample> RareLabel(int positives, int negatives, float positiveWeight, int dimension)
    {
        var samples = new List<HeadTrainingSample>();
        for (var i = 0; i < positives + negatives; i++)
        {
            var positive = i < positives;
            samples.Add(new HeadTrainingSample(new float[dimension], [Target(positive)], positive ? positiveWeight : 1f));
        }

        return samples;
    }

    private static LabelTarget Target(bool positive) => positive ? LabelTarget.Positive : LabelTarget.Negative;

    private static int[] Bits(ReadOnlySpan<float> values)
    {
        var bits = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.SingleToInt32Bits(values[i]);
        }

        return bits;
    }

    private static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }

        return Math.Sqrt(sum);
    }
}
