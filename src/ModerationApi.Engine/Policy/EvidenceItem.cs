using ModerationApi.Engine.Normalization;

namespace ModerationApi.Engine.Policy;

/// <summary>
/// Evidence for a label score, located in the canonical view of the post. It carries no post text, so it can be cached;
/// the engine maps it onto the text as sent.
/// </summary>
/// <param name="Label">The label the evidence supports (or, for context evidence, lowers).</param>
/// <param name="Source">Rule or model.</param>
/// <param name="RuleId">The rule id, or the model head for model evidence.</param>
/// <param name="Start">Start in the canonical view.</param>
/// <param name="End">End (exclusive) in the canonical view.</param>
/// <param name="Detail">Explanation for reviewers.</param>
/// <param name="FoldTransforms">Transforms beyond the canonical view that the match needed.</param>
/// <param name="Score">The model's score for a model window; null for rules.</param>
public sealed record EvidenceItem(
    string Label,
    EvidenceSource Source,
    string RuleId,
    int Start,
    int End,
    string Detail,
    TextTransforms FoldTransforms = TextTransforms.None,
    double? Score = null);
