using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Review;

/// <summary>The review queue and the feedback from its decisions (section <c>Review</c>).</summary>
internal sealed class ReviewOptions
{
    public const string SectionName = "Review";

    /// <summary>The largest SimHash Hamming distance at which a post counts as a re-post of confirmed content.</summary>
    [Range(0, 15)]
    public int NearDuplicateMaxDistance { get; set; } = 3;

    /// <summary>Items per page when the caller gives no <c>limit</c>.</summary>
    [Range(1, 1000)]
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>The largest <c>limit</c> a caller may ask for.</summary>
    [Range(1, 1000)]
    public int MaxPageSize { get; set; } = 200;

    /// <summary>The longest reviewer note.</summary>
    [Range(1, 100_000)]
    public int MaxNoteLength { get; set; } = 2000;

    /// <summary>How long moderation waits for the review store before answering without queueing.</summary>
    public TimeSpan EnqueueTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often to check whether another instance banked or allow-listed something (one small Redis read); zero
    /// turns the check off. Decisions made through this instance apply at once regardless.
    /// </summary>
    public TimeSpan KnownContentRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Prefix of every Redis key the review store uses.</summary>
    [Required]
    [MinLength(1)]
    public string RedisKeyPrefix { get; set; } = "review:";
}
