namespace ModerationApi.Engine.Policy;

/// <summary>Where a piece of evidence comes from.</summary>
public enum EvidenceSource
{
    /// <summary>A rule set in <c>models/rules</c>.</summary>
    Rule,

    /// <summary>The classifier: a window of the post and its score.</summary>
    Model,

    /// <summary>The known-content bank: the post matches, exactly or nearly, a post a reviewer confirmed.</summary>
    Bank,

    /// <summary>The allow list: a reviewer dismissed this exact post as a false positive.</summary>
    AllowList,
}
