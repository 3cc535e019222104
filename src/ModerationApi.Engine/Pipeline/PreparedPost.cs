using ModerationApi.Engine.Normalization;

namespace ModerationApi.Engine.Pipeline;

/// <summary>A post after normalisation, with the cache key of its canonical view.</summary>
public sealed class PreparedPost
{
    internal PreparedPost(NormalizedText canonical, string cacheKey)
    {
        Canonical = canonical;
        CacheKey = cacheKey;
    }

    /// <summary>The text as the caller sent it.</summary>
    public string Original => Canonical.Original;

    /// <summary>The canonical view, with its map back to <see cref="Original"/>.</summary>
    public NormalizedText Canonical { get; }

    /// <summary>
    /// <c>verdict:{model}:{rules}:{sha256 of the canonical view}</c>. Never contains post text: the hash is one-way and
    /// the versions make old verdicts unreachable when rules or model change.
    /// </summary>
    public string CacheKey { get; }
}
