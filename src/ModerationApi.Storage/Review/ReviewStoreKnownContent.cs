using ModerationApi.Engine.KnownContent;

namespace ModerationApi.Storage.Review;

/// <summary>The review store as the engine's source of reviewers' decisions (bank, allow list, confirmed words).</summary>
public sealed class ReviewStoreKnownContent(IReviewStore store) : IKnownContentSource
{
    /// <inheritdoc/>
    public ValueTask<long> KnownContentVersionAsync(CancellationToken cancellationToken) => store.KnownContentVersionAsync(cancellationToken);

    /// <inheritdoc/>
    public ValueTask<KnownContentSnapshot> LoadKnownContentAsync(CancellationToken cancellationToken) => store.LoadKnownContentAsync(cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<string?> ConfirmedTextAsync(string itemId, CancellationToken cancellationToken) =>
        (await store.GetAsync(itemId, cancellationToken).ConfigureAwait(false))?.Text;
}
