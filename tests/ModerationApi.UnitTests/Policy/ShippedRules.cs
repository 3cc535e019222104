using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Policy;

/// <summary>The rule sets shipped in models/rules with default thresholds: what production runs without a model.</summary>
internal static class ShippedRules
{
    private static readonly Lazy<ModerationPipeline> Lazy = new(() =>
    {
        var normalizer = new TextNormalizer();
        var rules = new RuleSetProvider(normalizer, Path.Combine(AppContext.BaseDirectory, "models", "rules"), null);
        return new ModerationPipeline(normalizer, rules, new PolicyEngine(new PolicyOptions()));
    });

    public static ModerationPipeline Pipeline => Lazy.Value;

    public static Verdict Moderate(string text)
    {
        var post = Pipeline.Prepare(text);
        return ModerationPipeline.Render(post, Pipeline.AssessRules(post), null, cached: false);
    }
}
