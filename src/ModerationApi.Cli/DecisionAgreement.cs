namespace ModerationApi.Cli;

/// <summary>
/// How one label's decisions on held-out posts of one training target (positive, negative, unknown) compare with a
/// reference's: posts flagged by both, only by the heads being trained, only by the reference.
/// </summary>
internal sealed record DecisionAgreement(string Label, string Target, int Posts, int FlaggedByBoth, int FlaggedOnlyByThese, int FlaggedOnlyByReference);
