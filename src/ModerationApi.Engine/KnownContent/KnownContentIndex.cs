using System.Collections.Concurrent;
using System.Numerics;

namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// The in-memory bank of confirmed content and the allow list of dismissed content. Exact matches are found by the
/// SHA-256 of the canonical view. Near matches take two steps. Candidates are the entries whose SimHash is within
/// <see cref="MaxDistance"/> bits of the post's, found through a banded index: the 64 bits are cut into
/// <c>MaxDistance / 2 + 1</c> bands, so by the pigeonhole principle two hashes within the distance differ in at most
/// one bit of some band, and a lookup probes each band's value and its one-bit neighbours (for the default of 15 bits:
/// 8 bands of 8 bits, 72 probes, each reaching about 1/256 of the bank, so a lookup compares roughly a quarter of the
/// entries by one XOR and popcount each). Each candidate within the distance is then verified by the exact Jaccard
/// similarity of its word shingles, which must reach <see cref="MinSimilarity"/>: the SimHash alone is too coarse for
/// a blocking decision, since one dropped word moves it 3 to 15 bits while unrelated posts can land 7 bits apart.
/// </summary>
/// <remarks>Thread-safe. Reads take no lock; writes (reviewer decisions, start-up loading) are rare and serialised.</remarks>
internal sealed class KnownContentIndex
{
    private readonly ConcurrentDictionary<string, KnownContentEntry> _exact = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _allowed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, Banked[]>[] _bands;
    private readonly int _bandBits;
    private readonly int _flipsPerBand;
    private readonly Lock _writeLock = new();
    private volatile int _blockedCount;

    /// <summary>Creates an empty index.</summary>
    /// <param name="maxDistance">The largest SimHash Hamming distance at which an entry is a candidate, 0 to 15.</param>
    /// <param name="minSimilarity">The smallest shingle Jaccard similarity that verifies a candidate, above 0 and at most 1.</param>
    /// <param name="minWords">Posts and entries with fewer words than this only match exactly.</param>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is out of range.</exception>
    public KnownContentIndex(int maxDistance = DefaultMaxDistance, double minSimilarity = DefaultMinSimilarity, int minWords = DefaultMinWords)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistance, 15);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minSimilarity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minSimilarity, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegative(minWords);
        MaxDistance = maxDistance;
        MinSimilarity = minSimilarity;
        MinWords = minWords;
        var bandCount = (maxDistance / 2) + 1;
        _bandBits = 64 / bandCount;
        _flipsPerBand = maxDistance / bandCount;
        _bands = new ConcurrentDictionary<ulong, Banked[]>[bandCount];
        for (var b = 0; b < bandCount; b++)
        {
            _bands[b] = new ConcurrentDictionary<ulong, Banked[]>();
        }
    }

    /// <summary>The default candidate radius in SimHash bits.</summary>
    public const int DefaultMaxDistance = 15;

    /// <summary>The default shingle Jaccard similarity a candidate must reach.</summary>
    public const double DefaultMinSimilarity = 0.7;

    /// <summary>The default number of words below which only exact matches count.</summary>
    public const int DefaultMinWords = 6;

    /// <summary>The largest SimHash Hamming distance at which a banked entry is a candidate.</summary>
    public int MaxDistance { get; }

    /// <summary>The smallest shingle Jaccard similarity that makes a candidate a match.</summary>
    public double MinSimilarity { get; }

    /// <summary>Posts and entries with fewer words only match exactly.</summary>
    public int MinWords { get; }

    /// <summary>True when no confirmed content is banked, so callers can skip fingerprinting.</summary>
    public bool HasBlocked => _blockedCount > 0;

    /// <summary>True when the allow list holds at least one hash.</summary>
    public bool HasAllowed => !_allowed.IsEmpty;

    /// <summary>The number of banked entries.</summary>
    public int BlockedCount => _blockedCount;

    /// <summary>The number of allow-listed hashes.</summary>
    public int AllowedCount => _allowed.Count;

    /// <summary>
    /// Banks confirmed content. Adding a hash that is already banked keeps the first entry. Without a fingerprint, or
    /// with one of fewer than <see cref="MinWords"/> words, the entry only matches exactly.
    /// </summary>
    /// <param name="entry">The confirmed content.</param>
    /// <param name="fingerprint">The confirmed text's fingerprint, or null when the text is not available.</param>
    /// <returns>True when the entry was added.</returns>
    public bool AddBlocked(KnownContentEntry entry, ContentFingerprint? fingerprint)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_writeLock)
        {
            if (!_exact.TryAdd(entry.ContentHash, entry))
            {
                return false;
            }

            if (fingerprint is not null && fingerprint.WordCount >= MinWords && fingerprint.WordCount > 0)
            {
                var banked = new Banked(entry, fingerprint);
                for (var b = 0; b < _bands.Length; b++)
                {
                    var key = Band(fingerprint.SimHash, b);
                    var bucket = _bands[b].GetValueOrDefault(key);

                    // Copy on write: readers enumerate a bucket array without a lock.
                    _bands[b][key] = bucket is null ? [banked] : [.. bucket, banked];
                }
            }

            _blockedCount++;
            return true;
        }
    }

    /// <summary>True when this content hash is banked.</summary>
    /// <param name="contentHash">SHA-256 of the canonical view, lower-case hex.</param>
    /// <returns>Whether it is banked.</returns>
    public bool ContainsBlocked(string contentHash) => _exact.ContainsKey(contentHash);

    /// <summary>Allow-lists a content hash that a reviewer dismissed.</summary>
    /// <param name="contentHash">SHA-256 of the canonical view, lower-case hex.</param>
    /// <param name="itemId">The dismissed review item.</param>
    public void AddAllowed(string contentHash, string itemId)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        ArgumentNullException.ThrowIfNull(itemId);
        _allowed.TryAdd(contentHash, itemId);
    }

    /// <summary>The dismissed item whose content hash this is, or null.</summary>
    /// <param name="contentHash">SHA-256 of the canonical view, lower-case hex.</param>
    /// <returns>The item id, or null when the hash is not allow-listed.</returns>
    public string? FindAllowed(ReadOnlySpan<char> contentHash) =>
        !_allowed.IsEmpty && _allowed.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(contentHash, out var id) ? id : null;

    /// <summary>The banked entry with this content hash, or null.</summary>
    /// <param name="contentHash">SHA-256 of the canonical view, lower-case hex.</param>
    /// <returns>The entry, or null.</returns>
    public KnownContentEntry? FindExact(ReadOnlySpan<char> contentHash) =>
        _blockedCount > 0 && _exact.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(contentHash, out var entry) ? entry : null;

    /// <summary>
    /// The most similar banked entry that is a SimHash candidate within <see cref="MaxDistance"/> bits, whose
    /// shingle similarity reaches <see cref="MinSimilarity"/> and whose negation and stance words are the post's own
    /// (see <see cref="ContentFingerprint.DiffersInPolarity"/>), or null.
    /// </summary>
    /// <param name="post">The post's fingerprint.</param>
    /// <returns>The best match (highest similarity, then smallest distance, then banked first), or null.</returns>
    public KnownContentMatch? FindNear(ContentFingerprint post)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (_blockedCount == 0 || post.WordCount < MinWords || post.WordCount == 0)
        {
            return null;
        }

        var simHash = post.SimHash;
        Banked? best = null;
        var bestDistance = int.MaxValue;
        var bestSimilarity = double.NegativeInfinity;
        for (var b = 0; b < _bands.Length; b++)
        {
            var value = Band(simHash, b);
            var width = BandWidth(b);
            for (var flip = -1; flip < (_flipsPerBand == 0 ? 0 : width); flip++)
            {
                if (!_bands[b].TryGetValue(flip < 0 ? value : value ^ (1UL << flip), out var bucket))
                {
                    continue;
                }

                foreach (var candidate in bucket)
                {
                    var distance = SimHash.Distance(simHash, candidate.Fingerprint.SimHash);
                    if (distance > MaxDistance || ProbedInEarlierBand(simHash, candidate.Fingerprint.SimHash, b))
                    {
                        // Too far, or already verified through an earlier band.
                        continue;
                    }

                    var similarity = post.Similarity(candidate.Fingerprint);
                    if (similarity >= MinSimilarity && (similarity > bestSimilarity || (similarity == bestSimilarity && distance < bestDistance))
                        && !post.DiffersInPolarity(candidate.Fingerprint))
                    {
                        (best, bestDistance, bestSimilarity) = (candidate, distance, similarity);
                    }
                }
            }
        }

        return best is null ? null : new KnownContentMatch(best.Entry, bestDistance, Exact: false, bestSimilarity);
    }

    /// <summary>
    /// An exact match by content hash, else the best verified near match. <paramref name="fingerprint"/> is only
    /// called when there is no exact match and the bank is not empty, so callers can defer the folding it needs.
    /// </summary>
    /// <param name="contentHash">SHA-256 of the canonical view, lower-case hex.</param>
    /// <param name="fingerprint">Computes the post's fingerprint on demand.</param>
    /// <returns>The match, or null.</returns>
    public KnownContentMatch? Match(ReadOnlySpan<char> contentHash, Func<ContentFingerprint> fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (_blockedCount == 0)
        {
            return null;
        }

        if (FindExact(contentHash) is { } exact)
        {
            return new KnownContentMatch(exact, 0, Exact: true, 1.0);
        }

        return FindNear(fingerprint());
    }

    private bool ProbedInEarlierBand(ulong a, ulong b, int band)
    {
        for (var earlier = 0; earlier < band; earlier++)
        {
            if (BitOperations.PopCount(Band(a, earlier) ^ Band(b, earlier)) <= _flipsPerBand)
            {
                return true;
            }
        }

        return false;
    }

    // The last band takes the bits left over when 64 does not divide evenly.
    private ulong Band(ulong hash, int band)
    {
        var width = BandWidth(band);
        return width == 64 ? hash : (hash >> (band * _bandBits)) & ((1UL << width) - 1);
    }

    private int BandWidth(int band) => band == _bands.Length - 1 ? 64 - (band * _bandBits) : _bandBits;

    private sealed record Banked(KnownContentEntry Entry, ContentFingerprint Fingerprint);
}
