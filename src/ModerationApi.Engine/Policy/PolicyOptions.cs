namespace ModerationApi.Engine.Policy;

/// <summary>Per-label thresholds (configuration section <c>Policy</c>). Defaults are the shipped, evaluated ones.</summary>
public sealed class PolicyOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Policy";

    /// <summary>Thresholds for <see cref="Labels.ExtremistPropaganda"/>.</summary>
    public LabelThresholds ExtremistPropaganda { get; set; } = new();

    /// <summary>Thresholds for <see cref="Labels.TerroristFinancing"/>.</summary>
    public LabelThresholds TerroristFinancing { get; set; } = new();

    /// <summary>
    /// Thresholds for <see cref="Labels.CryptoDonationRequest"/>: asking for crypto is legitimate on its own, so this
    /// label only reaches review at high severity (which needs an extremist context) and never blocks by itself. It is
    /// flagged from 0.45 on, the score of a request naming a coin, so every crypto donation request says so (at low
    /// severity and with action allow when nothing points to an extremist cause); an address alone (0.2) is not one.
    /// </summary>
    public LabelThresholds CryptoDonationRequest { get; set; } = new() { Low = 0.3, Medium = 0.7, High = 0.85, ReviewAt = 0.85, BlockAt = null, FlagAt = 0.45 };

    /// <summary>Thresholds for <see cref="Labels.IsisNftReference"/>.</summary>
    public LabelThresholds IsisNftReference { get; set; } = new();

    /// <summary>The thresholds of a label by name.</summary>
    public LabelThresholds For(string label) => label switch
    {
        Labels.ExtremistPropaganda => ExtremistPropaganda,
        Labels.TerroristFinancing => TerroristFinancing,
        Labels.CryptoDonationRequest => CryptoDonationRequest,
        Labels.IsisNftReference => IsisNftReference,
        _ => throw new ArgumentOutOfRangeException(nameof(label), label, "unknown label"),
    };
}
