using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>Evidence located in the text as sent.</summary>
/// <param name="Label">The label it supports.</param>
/// <param name="Source">Rule or model.</param>
/// <param name="RuleId">The rule or model head.</param>
/// <param name="Start">UTF-16 offset into the text as sent.</param>
/// <param name="End">End offset, exclusive.</param>
/// <param name="Text">Exactly <c>text[Start..End]</c>.</param>
/// <param name="Detail">Explanation for reviewers.</param>
/// <param name="Transforms">Normalisation transforms the match needed (zero-width, leet, confusable, ...).</param>
/// <param name="Score">The model's window score, for model evidence.</param>
public sealed record Evidence(
    string Label,
    EvidenceSource Source,
    string RuleId,
    int Start,
    int End,
    string Text,
    string Detail,
    IReadOnlyList<string> Transforms,
    double? Score);
