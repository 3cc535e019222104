using System.Globalization;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// Reviewers' decisions applied to a verdict: a post with the words of confirmed content is blocked (and reported as
/// an item the bank confirmed), a post a reviewer dismissed is allowed, a near duplicate with edited words is blocked
/// and sent to review, and every other flagged post is sent to review. Runs after the verdict cache, on every post, so
/// a decision takes effect on the next post; nothing it decides is cached.
/// </summary>
internal sealed class KnownContentOverlay(KnownContentIndex index, TextNormalizer normalizer)
{
    public const string BankRuleId = "bank";
    public const string AllowListRuleId = "allowList";

    public KnownContentIndex Index => index;

    /// <summary>The verdict after reviewers' decisions, and what (if anything) the review queue should get.</summary>
    public Verdict Apply(PreparedPost post, Verdict verdict, out KnownContentOutcome outcome, out ReviewCandidate? review, int position, bool doNotStore)
    {
        review = null;
        var hash = ContentHash(post);
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
                fingerprint = ContentFingerprint.OfPost(normalizer, post.Original);
                match = index.FindNear(fingerprint);
            }
        }

        if (match is { } same && (same.Exact || same.Similarity >= 1.0))
        {
            // The confirmed words again (only hashtags, emoji, case or punctuation differ): blocked, and stored as an
            // item the bank confirmed, so nobody has to look at it.
            var detail = BankDetail(same);
            outcome = KnownContentOutcome.Banked;
            if (!doNotStore)
            {
                review = new ReviewCandidate(position, hash.ToString(), fingerprint?.SimHash ?? SimHashOf(post), "blocked by the known-content bank: " + detail);
            }

            return Banked(verdict, post.Original, same, detail);
        }

        // A reviewer's dismissal of this exact text outranks a near match: edited words can be the ones that turn the
        // meaning round, and the reviewer has read them.
        if (index.HasAllowed && index.FindAllowed(hash) is { } dismissedId)
        {
            outcome = KnownContentOutcome.AllowListed;
            return AllowListed(verdict, post.Original, dismissedId);
        }

        outcome = KnownContentOutcome.None;
        if (match is { } near)
        {
            // Words were edited: blocked at once, and queued pending like any other block so a reviewer checks the
            // edit (and can dismiss it, which allow-lists this text).
            verdict = Banked(verdict, post.Original, near, BankDetail(near));
            outcome = KnownContentOutcome.Banked;
        }

        if (verdict.Action != ModerationAction.Allow && !doNotStore)
        {
            review = new ReviewCandidate(position, hash.ToString(), fingerprint?.SimHash ?? SimHashOf(post), null);
        }

        return verdict;
    }

    /// <summary>A confirmed item joins the bank (with its words, for near matches).</summary>
    public void LearnConfirmed(KnownContentEntry entry, string? text) =>
        index.AddBlocked(entry, text is null ? null : ContentFingerprint.OfPost(normalizer, text));

    /// <summary>The SHA-256 hex of the canonical view: the tail of the verdict cache key, so it costs nothing to get.</summary>
    public static ReadOnlySpan<char> ContentHash(PreparedPost post) => post.CacheKey.AsSpan(post.CacheKey.Length - 64);

    // Items keep only the SimHash; the shingles are computed again from the text if the item is ever confirmed.
    private ulong SimHashOf(PreparedPost post) => SimHash.OfPost(normalizer, post.Original);

    private static string BankDetail(KnownContentMatch match) => match.Exact
        ? $"confirmed review item {match.Entry.ItemId} (same text, Hamming distance 0)"
        : string.Create(
            CultureInfo.InvariantCulture,
            $"confirmed review item {match.Entry.ItemId} (near duplicate: word-shingle Jaccard similarity {match.Similarity:0.00}, SimHash Hamming distance {match.Distance})");

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
}
