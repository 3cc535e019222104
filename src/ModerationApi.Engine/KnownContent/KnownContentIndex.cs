using System.Collections.Concurrent;

namespace ModerationApi.Engine.KnownContent;

/// <summary>
/// The in-memory bank of confirmed content and the allow list of dismissed content. Exact matches are found by the
/// SHA-256 of the canonical view; near matches by SimHash within <see cref="MaxDistance"/> bits, through a banded
/// index: the 64 bits are cut into <c>MaxDistance + 1</c> bands, and by the pigeonhole principle two hashes that
/// differ in at most <see cref="MaxDistance"/> bits agree exactly on at least one band, so a lookup only compares
/// the entries sharing a band value with the post (4 bands of 16 bits for the default of 3).
/// </summary>
/// <remarks>Thread-safe. Reads take no lock; writes (reviewer decisions, start-up loading) are rare and serialised.</remarks>
public sealed class KnownContentIndex
{
    private readonly ConcurrentDictionary<string, KnownContentEntry> _exact = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _allowed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, KnownContentEntry[]>[] _bands;
    private readonly int _bandBits;
    private readonly Lock _writeLock = new();
    private volatile int _blockedCount;

    /// <summary>Creates an empty index.</summary>
    /// <param name="maxDistance">The largest Hamming distance that counts as a near match, 0 to 15.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is outside 0 to 15.</exception>
    public KnownContentIndex(int maxDistance = 3)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxDistance, 15);
        MaxDistance = maxDistance;
        var bandCount = maxDistance + 1;
        _bandBits = 64 / bandCount;
        _bands = new ConcurrentDictionary<ulong, KnownContentEntry[]>[bandCount];
        for (var b = 0; b < bandCount; b++)
        {
            _bands[b] = new ConcurrentDictionary<ulong, KnownContentEntry[]>();
        }
    }

    /// <summary>The largest Hamming distance that counts as a near match.</summary>
    public int MaxDistance { get; }

    /// <summary>True when no confirmed content is banked, so callers can skip computing a SimHash.</summary>
    public bool HasBlocked => _blockedCount > 0;

    /// <summary>True when the allow list holds at least one hash.</summary>
    public bool HasAllowed => !_allowed.IsEmpty;

    /// <summary>The number of banked entries.</summary>
    public int BlockedCount => _blockedCount;

    /// <summary>The number of allow-listed hashes.</summary>
    public int AllowedCount => _allowed.Count;

    /// <summary>Banks confirmed content. Adding a hash that is already banked keeps the first entry.</summary>
    /// <param name="entry">The confirmed content.</param>
    /// <returns>True when the entry was added.</returns>
    public bool AddBlocked(KnownContentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_writeLock)
        {
            if (!_exact.TryAdd(entry.ContentHash, entry))
            {
                return false;
            }

            for (var b = 0; b < _bands.Length; b++)
            {
                var key = Band(entry.SimHash, b);
                var bucket = _bands[b].GetValueOrDefault(key);

                // Copy on write: readers enumerate a bucket array without a lock.
                _bands[b][key] = bucket is null ? [entry] : [.. bucket, entry];
            }

            _blockedCount++;
            return true;
        }
    }

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

    /// <summary>The closest banked entry within <see cref="MaxDistance"/> bits of <paramref name="simHash"/>, or null.</summary>
    /// <param name="simHash">The post's SimHash.</param>
    /// <returns>The closest match (ties: the entry banked first), or null.</returns>
    public KnownContentMatch? FindNear(ulong simHash)
    {
        if (_blockedCount == 0 || simHash == 0)
        {
            return null;
        }

        KnownContentEntry? best = null;
        var bestDistance = int.MaxValue;
        for (var b = 0; b < _bands.Length; b++)
        {
            if (!_bands[b].TryGetValue(Band(simHash, b), out var bucket))
            {
                continue;
            }

            foreach (var candidate in bucket)
            {
                var distance = SimHash.Distance(simHash, candidate.SimHash);
                if (distance <= MaxDistance && distance < bestDistance)
                {
                    best = candidate;
                    bestDistance = distance;
                }
            }
        }

        return best is null ? null : new KnownContentMatch(best, bestDistance, Exact: false);
    }

    /// <summary>
    /// An exact match by content hash, else the nearest SimHash match. <paramref name="simHash"/> is only called when
    /// there is no exact match and the bank is not empty, so callers can defer the folding it needs.
    /// </summary>
    /// <param name="contentHash">SHA-256 of the canonical view, lower-case hex.</param>
    /// <param name="simHash">Computes the post's SimHash on demand.</param>
    /// <returns>The match, or null.</returns>
    public KnownContentMatch? Match(ReadOnlySpan<char> contentHash, Func<ulong> simHash)
    {
        ArgumentNullException.ThrowIfNull(simHash);
        if (_blockedCount == 0)
        {
            return null;
        }

        if (FindExact(contentHash) is { } exact)
        {
            return new KnownContentMatch(exact, 0, Exact: true);
        }

        return FindNear(simHash());
    }

    // The last band takes the bits left over when 64 does not divide evenly.
    private ulong Band(ulong hash, int band)
    {
        var shift = band * _bandBits;
        var width = band == _bands.Length - 1 ? 64 - shift : _bandBits;
        return width == 64 ? hash : (hash >> shift) & ((1UL << width) - 1);
    }
}
