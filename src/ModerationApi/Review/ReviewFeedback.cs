using Microsoft.Extensions.Options;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Moderation;
using ModerationApi.Observability;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>
/// Where reviewer decisions meet moderation: after the verdicts are computed (or read from the verdict cache), a post
/// with the words of confirmed content is blocked (and stored as an item the bank confirmed), a post a reviewer
/// dismissed is allowed, a near duplicate with edited words is blocked and queued for a reviewer, and every other
/// review or block is queued. None of this is cached, so a decision takes effect on the next request.
/// </summary>
internal sealed partial class ReviewFeedback(
    KnownContentIndex index,
    IReviewStore store,
    TextNormalizer normalizer,
    ModerationMetrics metrics,
    TimeProvider time,
    IOptions<ReviewOptions> options,
    ILogger<ReviewFeedback> logger)
{
    public const string BankRuleId = "bank";
    public const string AllowListRuleId = "allowList";

    private readonly TimeSpan _enqueueTimeout = options.Value.EnqueueTimeout;

    /// <summary>Overlays bank and allow-list decisions onto <paramref name="verdicts"/> in place and queues what needs review.</summary>
    public async Task ApplyAsync(IReadOnlyList<ModerateRequest> requests, PreparedPost[] prepared, Verdict[] verdicts, string apiKey, CancellationToken cancellationToken)
    {
        List<NewReviewItem>? queue = null;
        List<(NewReviewItem Item, string Note)>? banked = null;
        DateTimeOffset? now = null;
        for (var i = 0; i < verdicts.Length; i++)
        {
            var hash = ContentHash(prepared[i]);
            // No lambda here: a captured local would cost an allocation per post even with an empty bank.
            ContentFingerprint? fingerprint = null;
            KnownContentMatch? match = null;
            if (index.HasBlocked)
            {
                if (index.FindExact(hash) is { } exact)
                {
                    match = new KnownContentMatch(exact, 0, Exact: true, 1.0);
                }
                else
                {
                    fingerprint = FingerprintOf(prepared[i]);
                    match = index.FindNear(fingerprint);
                }
            }

            if (match is { } same && (same.Exact || same.Similarity >= 1.0))
            {
                // The confirmed words again (only hashtags, emoji, case or punctuation differ): blocked, and stored as
                // an item the bank confirmed, so nobody has to look at it.
                var detail = BankDetail(same);
                verdicts[i] = Banked(verdicts[i], prepared[i].Original, same, detail);
                metrics.KnownContent("bank");
                if (!requests[i].DoNotStore)
                {
                    now ??= time.GetUtcNow();
                    (banked ??= []).Add((new NewReviewItem(now.Value, apiKey, requests[i].Id, prepared[i].Original, verdicts[i], hash.ToString(),
                        fingerprint?.SimHash ?? SimHashOf(prepared[i])), "blocked by the known-content bank: " + detail));
                }

                continue;
            }

            // A reviewer's dismissal of this exact text outranks a near match: edited words can be the ones that turn
            // the meaning round, and the reviewer has read them.
            if (index.HasAllowed && index.FindAllowed(hash) is { } dismissedId)
            {
                verdicts[i] = AllowListed(verdicts[i], prepared[i].Original, dismissedId);
                metrics.KnownContent("allowList");
                continue;
            }

            if (match is { } near)
            {
                // Words were edited: blocked at once, and queued pending like any other block so a reviewer checks
                // the edit (and can dismiss it, which allow-lists this text).
                verdicts[i] = Banked(verdicts[i], prepared[i].Original, near, BankDetail(near));
                metrics.KnownContent("bank");
            }

            if (verdicts[i].Action == ModerationAction.Allow || requests[i].DoNotStore)
            {
                continue;
            }

            now ??= time.GetUtcNow();
            (queue ??= []).Add(new NewReviewItem(now.Value, apiKey, requests[i].Id, prepared[i].Original, verdicts[i], hash.ToString(),
                fingerprint?.SimHash ?? SimHashOf(prepared[i])));
        }

        if (queue is not null || banked is not null)
        {
            await EnqueueAsync(queue, banked, cancellationToken);
        }
    }

    /// <summary>Feeds a recorded decision into the in-memory index, so it applies to the very next post.</summary>
    public void Learn(ReviewItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Status == ReviewStatus.Confirmed)
        {
            index.AddBlocked(new KnownContentEntry(item.ContentHash, item.SimHash, item.Id, item.Summary.TopLabel), ContentFingerprint.OfPost(normalizer, item.Text));
        }
        else if (item.Status == ReviewStatus.Dismissed)
        {
            index.AddAllowed(item.ContentHash, item.Id);
        }
    }

    /// <summary>The SHA-256 hex of the canonical view: the tail of the verdict cache key, so it costs nothing to get.</summary>
    public static ReadOnlySpan<char> ContentHash(PreparedPost post) => post.CacheKey.AsSpan(post.CacheKey.Length - 64);

    private ContentFingerprint FingerprintOf(PreparedPost post) => ContentFingerprint.OfPost(normalizer, post.Original);

    // Items keep only the SimHash; the shingles are computed again from the text if the item is ever confirmed.
    private ulong SimHashOf(PreparedPost post) => SimHash.OfPost(normalizer, post.Original);

    private static string BankDetail(KnownContentMatch match) => match.Exact
        ? $"confirmed review item {match.Entry.ItemId} (same text, Hamming distance 0)"
        : string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"confirmed review item {match.Entry.ItemId} (near duplicate: word-shingle Jaccard similarity {match.Similarity:0.00}, SimHash Hamming distance {match.Distance})");

    private async Task EnqueueAsync(List<NewReviewItem>? queue, List<(NewReviewItem Item, string Note)>? banked, CancellationToken cancellationToken)
    {
        var count = (queue?.Count ?? 0) + (banked?.Count ?? 0);
        try
        {
            var tasks = new List<Task<bool>>(count);
            foreach (var item in queue ?? [])
            {
                tasks.Add(QueueOneAsync(item, cancellationToken));
            }

            foreach (var (item, note) in banked ?? [])
            {
                tasks.Add(BankOneAsync(item, note, cancellationToken));
            }

            var stored = await Task.WhenAll(tasks).WaitAsync(_enqueueTimeout, cancellationToken);
            var dropped = stored.Count(s => !s);
            metrics.ReviewEnqueue("queued", count - dropped);
            if (dropped > 0)
            {
                // Over the caps: moderation answers anyway; the count (never the text) says what was not queued.
                metrics.ReviewEnqueue("dropped", dropped);
                LogDropped(logger, dropped, queue![0].ApiKey);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Moderation answers anyway: a lost review item is better than a failed request. The text is not logged.
            metrics.ReviewEnqueue("failed", count);
            LogEnqueueFailed(logger, count, ex.GetType().Name, ex.Message);
        }
    }

    private async Task<bool> QueueOneAsync(NewReviewItem item, CancellationToken cancellationToken)
    {
        try
        {
            await store.EnqueueAsync(item, cancellationToken);
            return true;
        }
        catch (ReviewQueueFullException)
        {
            return false;
        }
    }

    private async Task<bool> BankOneAsync(NewReviewItem item, string note, CancellationToken cancellationToken)
    {
        await store.RecordBankMatchAsync(item, note, cancellationToken);
        return true;
    }

    private static Verdict Banked(Verdict verdict, string text, KnownContentMatch match, string detail)
    {
        var label = match.Entry.Label;
        var labels = new Dictionary<string, LabelResult>(verdict.Labels, StringComparer.Ordinal)
        {
            [label] = new LabelResult(1.0, true, Severity.High),
        };
        var evidence = new List<Evidence>(verdict.Evidence.Count + 1)
        {
            new(label, EvidenceSource.Bank, BankRuleId, 0, text.Length, text, detail, [], 1.0),
        };
        evidence.AddRange(verdict.Evidence);
        return verdict with { Action = ModerationAction.Block, Flagged = true, Labels = labels, Evidence = evidence };
    }

    private static Verdict AllowListed(Verdict verdict, string text, string itemId)
    {
        var labels = new Dictionary<string, LabelResult>(verdict.Labels.Count, StringComparer.Ordinal);
        foreach (var (name, result) in verdict.Labels)
        {
            labels[name] = result with { Flagged = false };
        }

        var top = Labels.All[0];
        var best = double.NegativeInfinity;
        foreach (var name in Labels.All)
        {
            if (verdict.Labels.TryGetValue(name, out var result) && result.Score > best)
            {
                (top, best) = (name, result.Score);
            }
        }

        var evidence = new List<Evidence>(verdict.Evidence.Count + 1)
        {
            new(top, EvidenceSource.AllowList, AllowListRuleId, 0, text.Length, text, $"dismissed review item {itemId}: a reviewer found this text a false positive", [], null),
        };
        evidence.AddRange(verdict.Evidence);
        return verdict with { Action = ModerationAction.Allow, Flagged = false, Labels = labels, Evidence = evidence };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Did not queue {Count} flagged posts from API key {ApiKey} for review: the open-item caps (Review:MaxOpenItemsPerKey, Review:MaxOpenItems) are reached; moderation answered.")]
    private static partial void LogDropped(ILogger logger, int count, string apiKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not queue {Count} flagged posts for review ({Error}: {Reason}); moderation answered without queueing them.")]
    private static partial void LogEnqueueFailed(ILogger logger, int count, string error, string reason);
}
