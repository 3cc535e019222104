namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// Where reviewers' decisions are kept (the review store implements it): the bank of confirmed content, the allow list
/// of dismissed content, and the words of a confirmed item, which near matches are verified against.
/// </summary>
public interface IKnownContentSource
{
    /// <summary>A number that changes whenever a decision adds to the bank or the allow list.</summary>
    ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken);

    /// <summary>The bank and the allow list.</summary>
    ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken);

    /// <summary>The text of a confirmed item, or null when it is gone (deleted by retention).</summary>
    ValueTask<string?> ConfirmedTextAsync(string itemId, CancellationToken cancellationToken);
}
