namespace ModerationApi.Cli;

/// <summary>
/// The headline numbers of one evaluation (recall, false-positive rates, ROC-AUC by name), written next to EVAL.md as
/// JSON so a later evaluation can print a before/after table against it.
/// </summary>
/// <param name="ModelVersion">The classifier version evaluated (encoder, adapter and heads).</param>
/// <param name="RulesVersion">The rules version evaluated.</param>
/// <param name="Metrics">Metric name to value (rates as fractions).</param>
internal sealed record EvaluationMetrics(string ModelVersion, string RulesVersion, SortedDictionary<string, double> Metrics);
