namespace ModerationApi.Engine.Pipeline;

/// <summary>One post to moderate.</summary>
/// <param name="Text">The text as the author wrote it.</param>
/// <param name="Id">The caller's id, echoed in the verdict.</param>
/// <param name="DoNotStore">
/// Keep no trace of the post: the verdict cache is neither read nor written for it, and it is never sent to review.
/// </param>
public sealed record Post(string Text, string? Id = null, bool DoNotStore = false);
