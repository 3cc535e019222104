namespace ModerationApi.Engine.Policy;

/// <summary>Score thresholds of one label. Severities follow Low/Medium/High; the action follows ReviewAt/BlockAt.</summary>
public sealed class LabelThresholds
{
    /// <summary>Lowest score with severity low.</summary>
    public double Low { get; set; } = 0.3;

    /// <summary>Lowest score with severity medium.</summary>
    public double Medium { get; set; } = 0.6;

    /// <summary>Lowest score with severity high.</summary>
    public double High { get; set; } = 0.85;

    /// <summary>Lowest score that sends the post to review; null: this label never does.</summary>
    public double? ReviewAt { get; set; } = 0.6;

    /// <summary>Lowest score that blocks the post; null: this label never does.</summary>
    public double? BlockAt { get; set; } = 0.85;

    /// <summary>
    /// Lowest score at which the label is flagged although it may call for no action; null: flagged only when it calls
    /// for review or block. Labels that describe content rather than risk (a crypto donation request) set it.
    /// </summary>
    public double? FlagAt { get; set; }

    /// <summary>Whether a score flags this label.</summary>
    public bool Flags(double score) => ActionOf(score) != ModerationAction.Allow || (FlagAt is { } flag && score >= flag);

    /// <summary>The severity of a score.</summary>
    public Severity SeverityOf(double score) =>
        score >= High ? Severity.High : score >= Medium ? Severity.Medium : score >= Low ? Severity.Low : Severity.None;

    /// <summary>The action a score calls for on this label alone.</summary>
    public ModerationAction ActionOf(double score) =>
        BlockAt is { } block && score >= block ? ModerationAction.Block
        : ReviewAt is { } review && score >= review ? ModerationAction.Review
        : ModerationAction.Allow;

    /// <summary>Describes what is inconsistent, or returns null.</summary>
    public string? Problem()
    {
        if (Low is < 0 or > 1 || Medium is < 0 or > 1 || High is < 0 or > 1 || FlagAt is < 0 or > 1)
        {
            return "thresholds must be between 0 and 1";
        }

        if (!(Low <= Medium && Medium <= High))
        {
            return "thresholds must satisfy Low <= Medium <= High";
        }

        if (ReviewAt is { } r && BlockAt is { } b && r > b)
        {
            return "ReviewAt must not exceed BlockAt";
        }

        return null;
    }
}
