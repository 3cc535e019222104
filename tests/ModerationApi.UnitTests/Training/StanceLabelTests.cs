using ModerationApi.Cli;
using ModerationApi.Training;

namespace ModerationApi.UnitTests.Training;

public sealed class StanceLabelTests
{
    private static readonly Dictionary<string, string> Verdicts = new(StringComparer.Ordinal)
    {
        ["s1"] = "propaganda",
        ["s2"] = "hate",
        ["s3"] = "unclear",
    };

    [Fact]
    public void StormfrontSentenceReadAsPropagandaBecomesAFullWeightPropagandaPositive()
    {
        var row = Relabelled("s1");

        AssertTargets(row, SourceWeights.Default, [LabelTarget.Positive, LabelTarget.Negative], 1f);
        Assert.True(TrainingLabels.IsCleanPositive(row, 0));
    }

    [Fact]
    public void StormfrontSentenceReadAsHateNotPropagandaIsLeftOutUnlessGivenANegativeWeight()
    {
        var row = Relabelled("s2");

        AssertTargets(row, SourceWeights.Default, [LabelTarget.Unknown, LabelTarget.Unknown], 0f);
        AssertTargets(row, SourceWeights.Default with { RelabelledHate = 0.5f }, [LabelTarget.Negative, LabelTarget.Unknown], 0.5f);
    }

    [Fact]
    public void UnclearAndUnlistedStormfrontSentencesStayForumHate()
    {
        Assert.Equal("far_right_hate", Relabelled("s3").Label);
        Assert.Equal("far_right_hate", Relabelled("s4").Label);
        Assert.Equal(0.5f, TrainingLabels.For(Relabelled("s3")).Weight);
    }

    [Fact]
    public void OnlyForumHateRowsAreRelabelled()
    {
        var noHate = Row("s1", "far_right_forum_nohate");

        Assert.Same(noHate, TrainingLabels.Relabel([noHate], Verdicts)[0]);
    }

    [Fact]
    public void UnknownVerdictIsRejected() =>
        Assert.Throws<InvalidDataException>(() => TrainingLabels.Relabel([Row("x", "far_right_hate")], new Dictionary<string, string> { ["x"] = "maybe" }));

    [Fact]
    public void ProIsisTweetReadAsPropagandaBecomesACleanPositiveAndEscapesTheAccountWeight()
    {
        var row = ProIsisRelabelled("p1", "propaganda");

        AssertTargets(row, SourceWeights.Default, [LabelTarget.Positive, LabelTarget.Negative], 1f);
        Assert.True(TrainingLabels.IsCleanPositive(row, 0));
    }

    [Fact]
    public void ProIsisTweetReadAsNotPropagandaIsLeftOutUnlessGivenANegativeWeight()
    {
        var row = ProIsisRelabelled("p2", "not");

        AssertTargets(row, SourceWeights.Default, [LabelTarget.Unknown, LabelTarget.Unknown], 0f);
        AssertTargets(row, SourceWeights.Default with { ProIsisNotPropaganda = 1f }, [LabelTarget.Negative, LabelTarget.Unknown], 1f);
    }

    [Fact]
    public void UnclearProIsisTweetsStayAccountLabelledAndOtherSourcesAreUntouched()
    {
        Assert.Equal("pro_isis_account", ProIsisRelabelled("p3", "unclear").Label);
        AssertTargets(ProIsisRelabelled("p3", "unclear"), SourceWeights.Default, [LabelTarget.Positive, LabelTarget.Unknown], 0.25f);

        var forumHate = Row("p1", "far_right_hate", "stormfront_sentences");
        Assert.Same(forumHate, TrainingLabels.RelabelProIsis([forumHate], new Dictionary<string, string> { ["p1"] = "propaganda" })[0]);
        Assert.Throws<InvalidDataException>(() => ProIsisRelabelled("p4", "maybe"));
    }

    [Fact]
    public void CounterSpeechIsANegativeForBothHeadsAndHateStatementsTeachNeither()
    {
        AssertTargets(Row("c1", "counter_speech"), SourceWeights.Default, [LabelTarget.Negative, LabelTarget.Negative], 1f);
        AssertTargets(Row("c2", "hate_speech"), SourceWeights.Default, [LabelTarget.Unknown, LabelTarget.Unknown], 0f);
    }

    [Fact]
    public void CapKeepsAtMostTheCapOfEachCappedLabelAndEveryOtherRow()
    {
        var rows = Enumerable.Range(0, 50).Select(i => Row($"n{i}", "news"))
            .Concat(Enumerable.Range(0, 5).Select(i => Row($"p{i}", "extremist_propaganda")))
            .ToList();

        var kept = TrainCommand.Cap(rows, new Dictionary<string, int> { ["news"] = 10 }, seed: 13);

        Assert.Equal(10, kept.Count(r => r.Label == "news"));
        Assert.Equal(5, kept.Count(r => r.Label == "extremist_propaganda"));
        Assert.Equal(kept, rows.Where(kept.Contains));
    }

    [Fact]
    public void CapSampleDependsOnTheSeedNotOnFileOrder()
    {
        var rows = Enumerable.Range(0, 50).Select(i => Row($"n{i}", "news")).ToList();
        var caps = new Dictionary<string, int> { ["news"] = 10 };

        var ids = TrainCommand.Cap(rows, caps, seed: 13).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        var reversed = Enumerable.Reverse(rows).ToList();

        Assert.Equal(ids, TrainCommand.Cap(reversed, caps, seed: 13).Select(r => r.Id).Order(StringComparer.Ordinal));
        Assert.NotEqual(ids, TrainCommand.Cap(rows, caps, seed: 14).Select(r => r.Id).Order(StringComparer.Ordinal));
    }

    private static LabelledPost Relabelled(string id) => TrainingLabels.Relabel([Row(id, "far_right_hate", "stormfront_sentences")], Verdicts)[0];

    private static LabelledPost ProIsisRelabelled(string id, string verdict) =>
        TrainingLabels.RelabelProIsis([Row(id, "pro_isis_account", TrainingLabels.ProIsisSource)], new Dictionary<string, string> { [id] = verdict })[0];

    private static void AssertTargets(LabelledPost row, SourceWeights weights, LabelTarget[] targets, float weight)
    {
        var actual = TrainingLabels.For(row, weights);
        Assert.Equal(targets, actual.Targets);
        Assert.Equal(weight, actual.Weight);
    }

    private static LabelledPost Row(string id, string label, string source = "src") =>
        new(id, "text", label, source, "en", $"{source}:{id}", new Dictionary<string, string>());
}
