using ModerationApi.Engine.Languages;

namespace ModerationApi.Engine.Policy;

/// <summary>What the classifier said about one post.</summary>
/// <param name="Scores">Calibrated probability per model label.</param>
/// <param name="Windows">The windows that moved each label most, in canonical-view coordinates.</param>
public sealed record ModelScores(IReadOnlyDictionary<string, double> Scores, IReadOnlyList<ModelWindow> Windows)
{
    /// <summary>The languages found and whether a model read each; null when the classifier does not route by language.</summary>
    public IReadOnlyList<LanguageCoverage>? Coverage { get; init; }
}
