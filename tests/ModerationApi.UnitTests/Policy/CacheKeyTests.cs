using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Policy;

public sealed class CacheKeyTests
{
    [Fact]
    public void KeyNamesEveryVersionAndHidesTheText()
    {
        var key = ModerationPipeline.CacheKey("send xmr to the brothers", "model-a", "rules-b", "policy-c");

        Assert.StartsWith("verdict:v2:model-a:rules-b:policy-c:", key, StringComparison.Ordinal);
        Assert.DoesNotContain("xmr", key, StringComparison.Ordinal);
        Assert.Equal(64, key[(key.LastIndexOf(':') + 1)..].Length);
    }

    [Fact]
    public void ChangingAThresholdChangesThePolicyVersion()
    {
        var shipped = new PolicyEngine(new PolicyOptions());
        var stricter = new PolicyEngine(new PolicyOptions { ExtremistPropaganda = new LabelThresholds { ReviewAt = 0.5 } });

        Assert.NotEqual(shipped.Version, stricter.Version);
        Assert.Equal(shipped.Version, new PolicyEngine(new PolicyOptions()).Version);
    }
}
