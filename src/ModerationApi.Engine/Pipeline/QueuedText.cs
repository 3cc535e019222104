namespace ModerationApi.Engine.Pipeline;

/// <summary>One text of a request, taken into a batch.</summary>
/// <param name="Request">The request the text belongs to.</param>
/// <param name="Index">The text's position in that request.</param>
internal readonly record struct QueuedText(PendingRequest Request, int Index)
{
    public string Text => Request.Texts[Index];
}
