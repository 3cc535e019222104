namespace ModerationApi.Engine.Policy;

/// <summary>Where a piece of evidence comes from.</summary>
public enum EvidenceSource
{
    /// <summary>A rule set in <c>models/rules</c>.</summary>
    Rule,

    /// <summary>The classifier: a window of the post and its score.</summary>
    Model,
}
