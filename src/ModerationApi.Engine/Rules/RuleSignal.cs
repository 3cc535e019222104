using ModerationApi.Engine.Normalization;

namespace ModerationApi.Engine.Rules;

/// <summary>
/// One rule hit. Spans are UTF-16 offsets into the canonical view of the post (see
/// <see cref="TextNormalizer.Canonicalize"/>), which is a function of the cache key, so cached hits can be mapped back
/// onto whichever original text produced that view.
/// </summary>
/// <param name="Kind">What the hit means to the policy.</param>
/// <param name="RuleId">Stable id: rule set id, section and, for crypto, the asset.</param>
/// <param name="Start">Start in the canonical view.</param>
/// <param name="End">End (exclusive) in the canonical view.</param>
/// <param name="Weight">The section's weight.</param>
/// <param name="Detail">Human-readable explanation for reviewers.</param>
/// <param name="Transforms">Folding transforms needed to match (leet, spacing, ...), beyond those of the canonical view.</param>
/// <param name="Group">The section's group attribute (for example <c>isis</c>), or null.</param>
internal sealed record RuleSignal(
    SignalKind Kind,
    string RuleId,
    int Start,
    int End,
    double Weight,
    string Detail,
    TextTransforms Transforms = TextTransforms.None,
    string? Group = null)
{
    /// <summary>Whether the hit lies wholly between quotation marks (see <see cref="QuotedSpans"/>).</summary>
    public bool Quoted { get; init; }
}
