using ModerationApi.Cli;

namespace ModerationApi.UnitTests.Training;

public sealed class HeldOutAgreementTests
{
    [Fact]
    public void DecisionsAreComparedPerTargetOnHeldOutPostsOnlyEachAtItsOwnThreshold()
    {
        // Propaganda (label 0) decisions, these heads at threshold 0.5 against a reference at 0.8:
        //   row 0 positive  0.9 / 0.9  flagged by both
        //   row 1 positive  0.6 / 0.7  only by these (0.7 is under the reference's 0.8)
        //   row 2 positive  0.4 / 0.85 only by the reference
        //   row 3 negative  0.5 / 0.8  flagged by both (at the threshold counts as flagged)
        //   row 4 negative  0.1 / 0.1  neither
        //   row 5 positive  0.9 / 0.1  not held out: not counted
        string[] labels = ["extremist_propaganda", "extremist_propaganda", "extremist_propaganda", "news", "news", "extremist_propaganda"];
        var rows = labels.Select((l, i) => new LabelledPost($"r{i}", "text", l, "src", "en", $"g{i}", new Dictionary<string, string>())).ToList();
        bool[] heldOut = [true, true, true, true, true, false];
        float[][] these = [[0.9f, 0f], [0.6f, 0f], [0.4f, 0f], [0.5f, 0f], [0.1f, 0f], [0.9f, 0f]];
        float[][] reference = [[0.9f, 0f], [0.7f, 0f], [0.85f, 0f], [0.8f, 0f], [0.1f, 0f], [0.1f, 0f]];

        var agreement = TrainCommand.HeldOutAgreement(
            rows, heldOut, SourceWeights.Default, ["extremist_propaganda", "terrorist_financing"], (these, [0.5f, 0.5f]), (reference, [0.8f, 0.5f]));

        var propaganda = agreement.Where(a => a.Label == "extremist_propaganda").ToDictionary(a => a.Target);
        Assert.Equal(new DecisionAgreement("extremist_propaganda", "positive", 3, 1, 1, 1), propaganda["positive"]);
        Assert.Equal(new DecisionAgreement("extremist_propaganda", "negative", 2, 1, 0, 0), propaganda["negative"]);
        Assert.Equal(2, propaganda.Count);
        Assert.All(agreement.Where(a => a.Label == "terrorist_financing"), a => Assert.Equal((0, 0, 0), (a.FlaggedByBoth, a.FlaggedOnlyByThese, a.FlaggedOnlyByReference)));
        Assert.Equal(5, agreement.Where(a => a.Label == "terrorist_financing").Sum(a => a.Posts));
    }
}
