using ModerationApi.Cli;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Training;

public sealed class AccountLevelFilterTests
{
    private static readonly string[] Labels = ["extremist_propaganda", "terrorist_financing"];

    [Fact]
    public void TheFirstPassNeverSeesAccountLabelledWindowsAndTheLowestScoringShareIsDropped()
    {
        // Rows 0-3 are account-labelled tweets whose first-pass score is their embedding's first value; rows 4-5 are
        // a clean positive and a negative, which must survive whatever they score.
        string[] labels = ["pro_isis_account", "pro_isis_account", "pro_isis_account", "pro_isis_account", "extremist_propaganda", "news"];
        float[] firstValue = [0.9f, 0.1f, 0.7f, 0.3f, 0.0f, 0.0f];
        var rows = labels.Select((l, i) => new LabelledPost($"r{i}", "text", l, "src", "en", $"g{i}", new Dictionary<string, string>())).ToList();
        var samples = firstValue.Select((v, i) => new HeadTrainingSample([v, 1f], [LabelTarget.Positive, LabelTarget.Unknown], 1f, $"g{i}")).ToList();
        var identity = Enumerable.Range(0, rows.Count).ToList();
        var seenByFirstPass = new List<HeadTrainingSample>();

        var (kept, dropped) = TrainCommand.FilterAccountLevelPositives(
            samples, identity, rows, identity,
            training =>
            {
                seenByFirstPass.AddRange(training);
                return new FirstValueHeads();
            },
            dropShare: 0.5);

        Assert.Equal([samples[4], samples[5]], seenByFirstPass);
        Assert.Equal(2, dropped);
        Assert.Equal([samples[0], samples[2], samples[4], samples[5]], kept);
    }

    /// <summary>A stand-in first pass: every label scores the embedding's first value.</summary>
    private sealed class FirstValueHeads : IEmbeddingHeads
    {
        public IReadOnlyList<string> Labels => AccountLevelFilterTests.Labels;

        public int Dimension => 2;

        public void Score(ReadOnlySpan<float> embeddings, int n, Span<float> destination)
        {
            for (var i = 0; i < n; i++)
            {
                destination[2 * i] = destination[(2 * i) + 1] = embeddings[i * Dimension];
            }
        }
    }
}
