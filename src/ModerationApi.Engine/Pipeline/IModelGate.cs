using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// What a caller puts between the verdict cache and the model (the service's admission by cost): it sees the texts the
/// model is about to score, the batch's cache misses once each, may refuse them by throwing, gives their costs to the
/// model queue, and may bound and translate the model call. Posts the encoder screen cleared never reach it.
/// </summary>
public interface IModelGate
{
    /// <summary>Admits the texts the model is about to score; throws to refuse them.</summary>
    /// <returns>Each text's cost for the model queue, or null when they are not counted.</returns>
    IReadOnlyList<int>? Admit(IReadOnlyList<string> texts);

    /// <summary>Runs the model call, with a token that may end earlier than <paramref name="cancellationToken"/> (a deadline).</summary>
    Task<IReadOnlyList<Assessment>> RunAsync(Func<CancellationToken, Task<IReadOnlyList<Assessment>>> assess, CancellationToken cancellationToken);
}
