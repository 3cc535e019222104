namespace ModerationApi.Engine.Pipeline;

/// <summary>One text of a request waiting in the batcher's channel.</summary>
/// <param name="Request">The request the text belongs to.</param>
/// <param name="Index">The text's position in that request.</param>
internal readonly record struct QueuedText(PendingRequest Request, int Index)
{
    public string Text => Request.Texts[Index];
}
