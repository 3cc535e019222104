using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.Benchmarks;

/// <summary>The rules-only pipeline on the shipped rule files, as the service builds it.</summary>
internal static class ShippedPipeline
{
    public static ModerationPipeline Create(TextNormalizer normalizer)
    {
        var rules = new RuleSetProvider(normalizer, Path.Combine(AppContext.BaseDirectory, "models", "rules"), null);
        return new ModerationPipeline(normalizer, rules, new PolicyEngine(new PolicyOptions()));
    }
}
