using System.ComponentModel.DataAnnotations;

namespace ModerationApi.Review;

/// <summary>
/// The review queue and the feedback from its decisions (section <c>Review</c>). The near-duplicate settings of the same
/// section are the engine's (<see cref="Engine.KnownContent.KnownContentOptions"/>).
/// </summary>
internal sealed class ReviewOptions
{
    public const string SectionName = "Review";

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

    /// <summary>
    /// How long confirmed and dismissed items (post text, verdict, history) are kept after their decision; unset keeps
    /// them. The audit log, the bank and the allow list stay (they hold no post text), so decisions keep acting.
    /// Pending and escalated items are never deleted.
    /// </summary>
    public TimeSpan? DecidedItemRetention { get; set; }

    /// <summary>How often the retention sweep looks for decided items past <see cref="DecidedItemRetention"/>.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Prefix of every Redis key the review store uses.</summary>
    [Required]
    [MinLength(1)]
    public string RedisKeyPrefix { get; set; } = "review:";
}
