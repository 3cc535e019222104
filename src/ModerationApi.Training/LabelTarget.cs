namespace ModerationApi.Training;

/// <summary>What one training sample says about one label.</summary>
/// <remarks>
/// <see cref="Unknown"/> is the zero value on purpose: a target array left at its default teaches nothing, instead of
/// silently teaching "negative" for every label a data source never annotated.
/// </remarks>
public enum LabelTarget : byte
{
    /// <summary>The source did not annotate this label; the sample is left out of that label's loss.</summary>
    Unknown = 0,

    /// <summary>The text does not carry the label.</summary>
    Negative = 1,

    /// <summary>The text carries the label.</summary>
    Positive = 2,
}
