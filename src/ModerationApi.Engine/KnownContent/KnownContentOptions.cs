using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// How close a post must be to confirmed content to count as a re-post of it (section <c>Review</c>, beside the review
/// queue's own settings, so the service and the CLI read the same values).
/// </summary>
public sealed class KnownContentOptions
{
    /// <summary>The configuration section these settings are read from.</summary>
    public const string SectionName = "Review";

    /// <summary>
    /// The largest SimHash Hamming distance at which confirmed content is a near-duplicate candidate for a post; a
    /// candidate must also pass <see cref="NearDuplicateMinSimilarity"/>.
    /// </summary>
    [Range(0, 15)]
    public int NearDuplicateMaxDistance { get; set; } = KnownContentIndex.DefaultMaxDistance;

    /// <summary>
    /// The smallest Jaccard similarity of word shingles (words and adjacent word pairs) at which a candidate counts as a
    /// re-post of confirmed content and the post is blocked.
    /// </summary>
    [Range(0.05, 1.0)]
    public double NearDuplicateMinSimilarity { get; set; } = KnownContentIndex.DefaultMinSimilarity;

    /// <summary>Posts (and confirmed content) with fewer words than this only match exactly.</summary>
    [Range(1, 1000)]
    public int NearDuplicateMinWords { get; set; } = KnownContentIndex.DefaultMinWords;
}
