namespace ModerationApi.Engine.KnownContent;

/// <summary>What reviewers' earlier decisions did to a post's verdict.</summary>
internal enum KnownContentOutcome
{
    /// <summary>Nothing: the verdict is the policy's.</summary>
    None,

    /// <summary>Blocked by the bank (the confirmed words, or a near duplicate of them).</summary>
    Banked,

    /// <summary>Allowed because a reviewer dismissed this text.</summary>
    AllowListed,
}
