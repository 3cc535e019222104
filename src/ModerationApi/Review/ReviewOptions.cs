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

    /// <summary>
    /// The most open (pending or escalated) items queued through one API key; further flagged posts from it are still
    /// answered but not queued (counted as dropped in <c>/metrics</c>) until reviewers decide some. A re-post of an open
    /// item only counts it up.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxOpenItemsPerKey { get; set; } = 1000;

    /// <summary>
    /// The most open items in all. With the in-process store every item's text is in this process's memory (a
    /// 20,000-character post with its verdict is about 60 KB), so size it to the memory you have.
    /// </summary>
    [Range(1, 100_000_000)]
    public int MaxOpenItems { get; set; } = 10_000;

    /// <summary>Prefix of every Redis key the review store uses.</summary>
    [Required]
    [MinLength(1)]
    public string RedisKeyPrefix { get; set; } = "review:";
}
