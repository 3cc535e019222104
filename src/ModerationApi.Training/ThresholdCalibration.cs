namespace ModerationApi.Training;

/// <summary>A threshold chosen by <see cref="ThresholdCalibrator"/> and what it achieves on the held-out data.</summary>
/// <param name="Threshold">A text is flagged when its score is greater than or equal to this.</param>
/// <param name="FalsePositiveRate">Share of all held-out negatives flagged at <paramref name="Threshold"/>.</param>
/// <param name="Recall">Share of held-out positives flagged; <see cref="double.NaN"/> when no positives were given.</param>
/// <param name="BindingGroup">The negative source whose own threshold was the highest, hence chosen; null without groups.</param>
public sealed record ThresholdCalibration(float Threshold, double FalsePositiveRate, double Recall, string? BindingGroup);
