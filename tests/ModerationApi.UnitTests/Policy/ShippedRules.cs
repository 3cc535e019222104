using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.UnitTests.Policy;

/// <summary>The rule sets shipped in models/rules with default thresholds: what production runs without a model.</summary>
internal static class ShippedRules
{
    private static readonly TextNormalizer Normalizer = new();
    private static readonly RuleSetProvider Rules = new(Normalizer, Path.Combine(AppContext.BaseDirectory, "models", "rules"), null);
    private static readonly PolicyEngine Policy = new(new PolicyOptions());
    private static readonly Lazy<ModerationPipeline> Lazy = new(() => new ModerationPipeline(Normalizer, Rules, Policy));

    public static ModerationPipeline Pipeline => Lazy.Value;

    /// <summary>The policy's answer for a text's rule signals plus given model scores (a stand-in for the model's output).</summary>
    public static Assessment WithModel(string text, double propaganda, double financing)
    {
        var canonical = Normalizer.Canonicalize(text);
        var scores = new Dictionary<string, double> { [Labels.ExtremistPropaganda] = propaganda, [Labels.TerroristFinancing] = financing };
        return Policy.Assess(Rules.Current.Evaluate(canonical), Rules.Current, new ModelScores(scores, []), "test-model");
    }

    public static Verdict Moderate(string text)
    {
        var post = Pipeline.Prepare(text);
        return ModerationPipeline.Render(post, Pipeline.AssessRules(post), null, cached: false);
    }
}
