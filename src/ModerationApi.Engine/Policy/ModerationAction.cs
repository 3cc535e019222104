namespace ModerationApi.Engine.Policy;

/// <summary>What the platform should do with a post. Ordered: a larger value is stricter.</summary>
public enum ModerationAction
{
    /// <summary>Publish.</summary>
    Allow,

    /// <summary>Hold for a human.</summary>
    Review,

    /// <summary>Do not publish.</summary>
    Block,
}
