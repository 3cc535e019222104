using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Rules;

public sealed class SanctionsTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Sanctions");
    private static readonly string ShippedRules = Path.Combine(AppContext.BaseDirectory, "models", "rules");

    [Fact]
    public void SanctionedAddressIsEvidenceNamingTheList()
    {
        var verdict = Moderate("send to 48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD thanks");

        var hit = Assert.Single(verdict.Evidence, e => e.RuleId == "sanctions.address");
        Assert.Contains("sanctioned_addresses_XMR.txt", hit.Detail, StringComparison.Ordinal);
        Assert.Equal(Labels.TerroristFinancing, hit.Label);
        Assert.True(verdict.Labels[Labels.TerroristFinancing].Flagged);
    }

    [Fact]
    public void SanctionedEthereumAddressMatchesWhateverItsCase()
    {
        var verdict = Moderate("wallet 0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");

        Assert.Contains(verdict.Evidence, e => e.RuleId == "sanctions.address" && e.Detail.Contains("ETH", StringComparison.Ordinal));
    }

    [Fact]
    public void NearCertainFinancingHeadBesideASanctionedAddressStillOnlyReviews()
    {
        // The list is rule evidence on the label but names no cause: the head, counted in full beside an address, may
        // not carry it past review on its own (it would score 1.0, above the block threshold).
        var normalizer = new TextNormalizer();
        var rules = CompiledRules.Load(normalizer, ShippedRules, Fixture);
        var text = "48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD is where it goes";
        var scores = new Dictionary<string, double> { [Labels.ExtremistPropaganda] = 0.01, [Labels.TerroristFinancing] = 1.0 };

        var assessment = new PolicyEngine(new PolicyOptions()).Assess(rules.Evaluate(normalizer.Canonicalize(text)), rules, new ModelScores(scores, []), "test-model");

        Assert.Contains(assessment.Evidence, e => e.RuleId == "sanctions.address");
        Assert.Equal(ModerationAction.Review, assessment.Action);
        Assert.True(assessment.Labels[Labels.TerroristFinancing].Score < 0.85);
    }

    [Fact]
    public void AddressNotOnTheListIsNoSanctionsEvidence()
    {
        var verdict = Moderate("send to 44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A");

        Assert.DoesNotContain(verdict.Evidence, e => e.RuleId == "sanctions.address");
    }

    [Fact]
    public void SanctionsListChangesTheRulesVersion()
    {
        var normalizer = new TextNormalizer();

        var without = CompiledRules.Load(normalizer, ShippedRules);
        var with = CompiledRules.Load(normalizer, ShippedRules, Fixture);

        Assert.NotEqual(without.Version, with.Version);
        Assert.Equal(2, with.SanctionedAddressCount);
    }

    private static Verdict Moderate(string text)
    {
        var normalizer = new TextNormalizer();
        var pipeline = new ModerationPipeline(normalizer, new RuleSetProvider(normalizer, ShippedRules, Fixture), new PolicyEngine(new PolicyOptions()));
        var post = pipeline.Prepare(text);
        return ModerationPipeline.Render(post, pipeline.AssessRules(post), null, false);
    }
}
