using ModerationApi.Training;

namespace ModerationApi.UnitTests.Classifier;

public sealed class MlpHeadTrainerTests
{
    private static readonly string[] TwoLabels = ["extremist_propaganda", "terrorist_financing"];

    [Fact]
    public void LearnsAnXorOfTwoDirectionsThatNoLinearHeadCanSeparate()
    {
        var random = new Random(17);
        var (topic, stance) = (SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random));
        var training = Xor(random, topic, stance, 2000);
        var heldOut = Xor(random, topic, stance, 500);

        var mlp = new MlpHeadTrainer(new MlpHeadTrainerOptions { Hidden = 16, Epochs = 40, LearningRate = 0.01, Seed = 3 })
            .Train(["extremist_propaganda"], training);
        var linear = new LogisticHeadTrainer(new LogisticHeadTrainerOptions { Epochs = 40, Seed = 3 })
            .Train(["extremist_propaganda"], training);

        Assert.True(Accuracy(mlp, heldOut) > 0.95, $"MLP accuracy {Accuracy(mlp, heldOut)}");
        Assert.True(Accuracy(linear, heldOut) < 0.75, $"linear accuracy {Accuracy(linear, heldOut)}");
    }

    [Fact]
    public void SameSamplesAndSeedGiveBitIdenticalWeights()
    {
        var random = new Random(11);
        var samples = Xor(random, SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random), 400);
        var options = new MlpHeadTrainerOptions { Hidden = 8, Epochs = 3, BatchSize = 32, Seed = 42 };

        var first = new MlpHeadTrainer(options).Train(["extremist_propaganda"], samples);
        var second = new MlpHeadTrainer(options).Train(["extremist_propaganda"], samples);
        var other = new MlpHeadTrainer(options with { Seed = 43 }).Train(["extremist_propaganda"], samples);

        Assert.Equal(AllBits(first), AllBits(second));
        Assert.NotEqual(AllBits(first), AllBits(other));
    }

    [Fact]
    public void UnknownTargetsTeachTheirLabelNothing()
    {
        // The second label sees only 30 positives and 30 negatives at the zero embedding; if the 40 unknowns counted
        // as negatives its score would settle near 30/70 of the odds, left out it settles at even odds.
        var samples = new List<HeadTrainingSample>();
        for (var i = 0; i < 100; i++)
        {
            var second = i < 30 ? LabelTarget.Positive : i < 60 ? LabelTarget.Negative : LabelTarget.Unknown;
            samples.Add(new HeadTrainingSample(new float[8], [i % 10 == 0 ? LabelTarget.Positive : LabelTarget.Negative, second]));
        }

        var heads = new MlpHeadTrainer(new MlpHeadTrainerOptions { Hidden = 4, BalanceClasses = false, Epochs = 200, BatchSize = 10, LearningRate = 0.05 })
            .Train(TwoLabels, samples);

        var scores = new float[2];
        heads.Score(new float[8], 1, scores);
        Assert.Equal(0.1, scores[0], 0.02);
        Assert.Equal(0.5, scores[1], 0.02);
    }

    [Fact]
    public void ScoresFollowTheDocumentedFormula()
    {
        // Label 0: units (relu(x0 - 1), relu(x1)), output 2·h0 - 3·h1 + 0.5; label 1: (relu(-x0), relu(x0 + x1)), h0 + h1 - 1.
        var heads = new MlpHeads(
            TwoLabels, dimension: 2, hidden: 2,
            hiddenWeights: [1, 0, 0, 1, -1, 0, 1, 1],
            hiddenBiases: [-1, 0, 0, 0],
            outputWeights: [2, -3, 1, 1],
            outputBiases: [0.5f, -1]);
        var scores = new float[4];

        heads.Score([3, 0.5f, -2, 1], 2, scores);

        Assert.Equal(SyntheticEmbeddings.Sigmoid((2 * 2) - (3 * 0.5) + 0.5), scores[0], 1e-6);
        Assert.Equal(SyntheticEmbeddings.Sigmoid(0 + 3.5 - 1), scores[1], 1e-6);
        Assert.Equal(SyntheticEmbeddings.Sigmoid(0 - (3 * 1) + 0.5), scores[2], 1e-6);
        Assert.Equal(SyntheticEmbeddings.Sigmoid(2 + 0 - 1), scores[3], 1e-6);
    }

    [Fact]
    public void AnAverageOfLogitsScoresTheMeanOfTheMembersLogits()
    {
        var random = new Random(8);
        var samples = Xor(random, SyntheticEmbeddings.UnitVector(random), SyntheticEmbeddings.UnitVector(random), 300);
        var options = new MlpHeadTrainerOptions { Hidden = 6, Epochs = 2 };
        var members = new[] { 1, 2, 3 }.Select(seed => new MlpHeadTrainer(options with { Seed = seed }).Train(["extremist_propaganda"], samples)).ToList();

        var average = MlpHeads.AverageOfLogits(members);

        Assert.Equal(18, average.Hidden);
        var score = new float[1];
        foreach (var s in samples.Take(20))
        {
            var meanLogit = members.Average(m =>
            {
                m.Score(s.Embedding, 1, score);
                return Math.Log(score[0] / (1 - score[0]));
            });
            average.Score(s.Embedding, 1, score);
            Assert.Equal(SyntheticEmbeddings.Sigmoid(meanLogit), score[0], 1e-5);
        }
    }

    [Fact]
    public void OptionsOutOfRangeAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpHeadTrainer(new MlpHeadTrainerOptions { Hidden = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpHeadTrainer(new MlpHeadTrainerOptions { LearningRate = double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MlpHeadTrainer(new MlpHeadTrainerOptions { L2Strength = -1 }));
    }

    [Fact]
    public void ALabelWithoutPositivesIsRejected()
    {
        var samples = Enumerable.Range(0, 20).Select(_ => new HeadTrainingSample(new float[8], [LabelTarget.Negative])).ToList();

        var e = Assert.Throws<ArgumentException>(() => new MlpHeadTrainer(new MlpHeadTrainerOptions()).Train(["extremist_propaganda"], samples));
        Assert.Contains("extremist_propaganda", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Positive when the text is on the same side of both planes: topic and stance must agree.</summary>
    internal static List<HeadTrainingSample> Xor(Random random, float[] topic, float[] stance, int count)
    {
        var samples = new List<HeadTrainingSample>(count);
        while (samples.Count < count)
        {
            var x = SyntheticEmbeddings.UnitVector(random);
            var (a, b) = (SyntheticEmbeddings.Dot(x, topic), SyntheticEmbeddings.Dot(x, stance));
            for (var i = 0; i < x.Length; i++)
            {
                x[i] += (float)((0.2 * Math.Sign(a) * topic[i]) + (0.2 * Math.Sign(b) * stance[i]));
            }

            var positive = (a > 0) == (b > 0);
            samples.Add(new HeadTrainingSample(x, [positive ? LabelTarget.Positive : LabelTarget.Negative]));
        }

        return samples;
    }

    private static double Accuracy(IEmbeddingHeads heads, List<HeadTrainingSample> samples)
    {
        var score = new float[1];
        var correct = 0;
        foreach (var s in samples)
        {
            heads.Score(s.Embedding, 1, score);
            correct += (score[0] >= 0.5f) == (s.Targets[0] == LabelTarget.Positive) ? 1 : 0;
        }

        return correct / (double)samples.Count;
    }

    private static int[] AllBits(MlpHeads heads)
    {
        var bits = new List<int>();
        for (var l = 0; l < heads.Labels.Count; l++)
        {
            for (var j = 0; j < heads.Hidden; j++)
            {
                bits.AddRange(heads.GetHiddenWeights(l, j).ToArray().Select(BitConverter.SingleToInt32Bits));
            }

            bits.AddRange(heads.GetHiddenBiases(l).ToArray().Select(BitConverter.SingleToInt32Bits));
            bits.AddRange(heads.GetOutputWeights(l).ToArray().Select(BitConverter.SingleToInt32Bits));
            bits.Add(BitConverter.SingleToInt32Bits(heads.GetOutputBias(l)));
        }

        return [.. bits];
    }
}
