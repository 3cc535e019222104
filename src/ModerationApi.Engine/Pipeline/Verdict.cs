using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>The answer for one post.</summary>
/// <param name="Id">The caller's id, echoed.</param>
/// <param name="Action">Allow, review or block.</param>
/// <param name="Flagged">True unless the action is allow.</param>
/// <param name="Labels">All four labels.</param>
/// <param name="Evidence">Evidence for every non-zero score, ordered by position.</param>
/// <param name="ModelVersion">The classifier version, or <c>none</c>.</param>
/// <param name="RulesVersion">The rule sets version.</param>
/// <param name="Cached">True when the assessment came from the verdict cache.</param>
public sealed record Verdict(
    string? Id,
    ModerationAction Action,
    bool Flagged,
    IReadOnlyDictionary<string, LabelResult> Labels,
    IReadOnlyList<Evidence> Evidence,
    string ModelVersion,
    string RulesVersion,
    bool Cached)
{
    /// <summary>
    /// The languages found in the post, the one with most letters first, and for each whether a model read it; a
    /// language without a model was judged by the rules alone.
    /// </summary>
    public IReadOnlyList<LanguageCoverage> Coverage { get; init; } = [];
}
