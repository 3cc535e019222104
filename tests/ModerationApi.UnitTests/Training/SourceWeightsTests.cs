using ModerationApi.Cli;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Training;

public sealed class SourceWeightsTests
{
    private static readonly SourceWeights MiwsTimesFour = SourceWeights.Default with { MiwsQuote = 4f };

    [Fact]
    public void MiwsWeightAppliesToMiwsQuotes()
    {
        var (targets, weight) = TrainingLabels.For(Row("miws_extremist_quotes", "extremist_propaganda"), MiwsTimesFour);

        Assert.Equal([LabelTarget.Positive, LabelTarget.Negative], targets);
        Assert.Equal(4f, weight);
    }

    [Theory]
    [InlineData("corpus", "extremist_propaganda", 1f)]
    [InlineData("corpus", "extremist_recruitment", 1f)]
    [InlineData("review_decisions", "extremist_propaganda", 1f)]
    [InlineData("pro_isis_accounts", "pro_isis_account", 0.25f)]
    [InlineData("stormfront_sentences", "far_right_hate", 0.5f)]
    [InlineData("stormfront_sentences", "far_right_forum_nohate", 1f)]
    [InlineData("news", "news_terrorism", 1f)]
    [InlineData("corpus", "terrorist_financing", 1f)]
    public void MiwsWeightLeavesOtherRowsAlone(string source, string label, float expected)
    {
        Assert.Equal(expected, TrainingLabels.For(Row(source, label), MiwsTimesFour).Weight);
    }

    [Fact]
    public void ShippedWeightsCountMiwsQuotesOnce()
    {
        Assert.Equal(1f, TrainingLabels.For(Row("miws_extremist_quotes", "extremist_propaganda")).Weight);
    }

    private static LabelledPost Row(string source, string label) =>
        new("row-1", "text", label, source, "en", "group-1", new Dictionary<string, string>());
}
