using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Pipeline;

/// <summary>A post after normalisation, with the cache key of its canonical view.</summary>
internal sealed class PreparedPost
{
    internal PreparedPost(NormalizedText canonical, string cacheKey, CompiledRules rules)
    {
        Canonical = canonical;
        CacheKey = cacheKey;
        Rules = rules;
    }

    /// <summary>The text as the caller sent it.</summary>
    public string Original => Canonical.Original;

    /// <summary>The canonical view, with its map back to <see cref="Original"/>.</summary>
    public NormalizedText Canonical { get; }

    /// <summary>
    /// <c>verdict:v2:{model}:{rules}:{policy}:{sha256 of the canonical view}</c>. Never contains post text: the hash is one-way and
    /// the versions make old verdicts unreachable when rules or model change.
    /// </summary>
    public string CacheKey { get; }

    /// <summary>The rule generation the key names; assessing with it keeps key and verdict consistent across a reload.</summary>
    internal CompiledRules Rules { get; }
}
