using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Stores assessments by cache key. Keys are hashes and values carry no post text. Implementations never throw for
/// an unavailable backend: a cache that is down is a cache miss.
/// </summary>
public interface IVerdictCache
{
    /// <summary>Looks keys up; the result has one entry per key, null on a miss.</summary>
    ValueTask<Assessment?[]> GetManyAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Stores assessments.</summary>
    ValueTask SetManyAsync(IReadOnlyList<KeyValuePair<string, Assessment>> entries, CancellationToken cancellationToken);
}
