namespace ModerationApi.Moderation;

/// <summary>One post to moderate.</summary>
/// <param name="Id">The caller's id for the post, echoed in the verdict (at most 128 characters).</param>
/// <param name="Text">The post text (1 to 20,000 characters).</param>
/// <param name="Language">An optional BCP 47 hint such as <c>en</c> or <c>ar</c>.</param>
/// <param name="DoNotStore">When true the post is neither cached nor stored anywhere.</param>
public sealed record ModerateRequest(string? Id, string? Text, string? Language = null, bool DoNotStore = false);
