using ModerationApi.Engine.Languages;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// The decision for a post, independent of the exact text sent: what the verdict cache stores.
/// </summary>
/// <param name="Action">The strictest action any label calls for.</param>
/// <param name="Labels">All four labels, always.</param>
/// <param name="Evidence">Evidence in canonical-view coordinates, ordered by position.</param>
/// <param name="ModelVersion">The classifier version, or <c>none</c>.</param>
/// <param name="RulesVersion">The rule sets version.</param>
public sealed record Assessment(
    ModerationAction Action,
    IReadOnlyDictionary<string, LabelResult> Labels,
    IReadOnlyList<EvidenceItem> Evidence,
    string ModelVersion,
    string RulesVersion)
{
    /// <summary>The languages found in the post and, per language, whether a model read it (otherwise only the rules did).</summary>
    public IReadOnlyList<LanguageCoverage> Coverage { get; init; } = [];
}
