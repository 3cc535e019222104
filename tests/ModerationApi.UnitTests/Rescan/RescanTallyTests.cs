using ModerationApi.Cli.Rescan;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Rescan;

public sealed class RescanTallyTests
{
    [Fact]
    public void RuleCountsOncePerPostHoweverManySpansItMatched()
    {
        var tally = new RescanTally();

        tally.Add(Verdict(ModerationAction.Block, Labels.TerroristFinancing, "crypto.address.xmr", "crypto.address.xmr", "phrases.appeal"));
        tally.Add(Verdict(ModerationAction.Allow, null, "crypto.address.xmr"));

        Assert.Equal(2, tally.Rules["crypto.address.xmr"]);
        Assert.Equal(1, tally.Rules["phrases.appeal"]);
        Assert.Equal((1L, 1L, 0L), (tally.Count(ModerationAction.Block), tally.Count(ModerationAction.Allow), tally.Count(ModerationAction.Review)));
        Assert.Equal(1, tally.FlaggedLabels[Labels.TerroristFinancing]);
    }

    [Fact]
    public void ModelEvidenceIsNotCountedAsARule()
    {
        var tally = new RescanTally();
        var verdict = Verdict(ModerationAction.Review, Labels.ExtremistPropaganda);

        tally.Add(verdict with { Evidence = [new Evidence(Labels.ExtremistPropaganda, EvidenceSource.Model, "model.extremist_propaganda", 0, 1, "x", "", [], 0.9)] });

        Assert.Empty(tally.Rules);
    }

    [Fact]
    public void TopRulesAreByPostCountWithTiesInRuleIdOrder()
    {
        var tally = new RescanTally();
        tally.Add(Verdict(ModerationAction.Allow, null, "b", "c", "a"));
        tally.Add(Verdict(ModerationAction.Allow, null, "c"));

        Assert.Equal(["c", "a"], tally.TopRules(2).Select(r => r.Key));
    }

    private static Verdict Verdict(ModerationAction action, string? flaggedLabel, params string[] rules)
    {
        var labels = Labels.All.ToDictionary(l => l, l => new LabelResult(l == flaggedLabel ? 0.9 : 0, l == flaggedLabel, l == flaggedLabel ? Severity.High : Severity.None));
        var evidence = rules.Select(r => new Evidence(Labels.TerroristFinancing, EvidenceSource.Rule, r, 0, 1, "x", "", [], null)).ToList();
        return new Verdict("id", action, action != ModerationAction.Allow, labels, evidence, "none", "r1", false);
    }
}
