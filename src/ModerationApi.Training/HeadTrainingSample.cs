namespace ModerationApi.Training;

/// <summary>One embedded text window with its per-label targets.</summary>
/// <param name="Embedding">The encoder's output for the window (384 floats for all-MiniLM-L6-v2).</param>
/// <param name="Targets">One entry per label, in the order of the label list given to the trainer.</param>
/// <param name="Weight">Sample weight, finite and non-negative; 1 for an ordinary sample.</param>
/// <param name="Group">
/// The source the sample came from. The trainer does not read it; it travels with the sample so callers can split
/// held-out data by source and calibrate thresholds per source with <see cref="ThresholdCalibrator"/>.
/// </param>
public sealed record HeadTrainingSample(float[] Embedding, LabelTarget[] Targets, float Weight = 1f, string Group = "");
