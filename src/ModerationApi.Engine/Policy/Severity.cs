namespace ModerationApi.Engine.Policy;

/// <summary>How strongly a label applies.</summary>
public enum Severity
{
    /// <summary>Below the low threshold.</summary>
    None,

    /// <summary>At or above the low threshold.</summary>
    Low,

    /// <summary>At or above the medium threshold.</summary>
    Medium,

    /// <summary>At or above the high threshold.</summary>
    High,
}
