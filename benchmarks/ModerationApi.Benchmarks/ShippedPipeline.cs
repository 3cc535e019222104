using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.Benchmarks;

/// <summary>The pipeline on the shipped rule files, as the service builds it (rules only unless a classifier is given).</summary>
internal static class ShippedPipeline
{
    public static ModerationPipeline Create(TextNormalizer normalizer, ITextClassifier? classifier = null)
    {
        var rules = new RuleSetProvider(normalizer, Path.Combine(AppContext.BaseDirectory, "models", "rules"), null);
        return new ModerationPipeline(normalizer, rules, new PolicyEngine(new PolicyOptions()), classifier);
    }
}
