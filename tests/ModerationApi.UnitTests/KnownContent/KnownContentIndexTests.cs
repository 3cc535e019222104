using ModerationApi.Engine.KnownContent;

namespace ModerationApi.UnitTests.KnownContent;

public sealed class KnownContentIndexTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    // Shingles shared by every synthetic fingerprint, so verification passes and the SimHash bands are what is tested.
    private static readonly ulong[] SameShingles = [.. Enumerable.Range(1, 20).Select(i => (ulong)i)];

    private static KnownContentEntry Entry(string hash, ulong simHash, string id = "r_1") => new(hash, simHash, id, "extremist_propaganda");

    private static ContentFingerprint Fingerprint(ulong simHash) => new(simHash, SameShingles, 10);

    [Fact]
    public void EmptyIndexMatchesNothingAndNeverComputesTheFingerprint()
    {
        var index = new KnownContentIndex();

        Assert.False(index.HasBlocked);
        Assert.Null(index.Match(HashA, () => throw new InvalidOperationException("fingerprint computed for an empty bank")));
        Assert.Null(index.FindAllowed(HashA));
    }

    [Fact]
    public void ExactHashMatchesWithoutComputingTheFingerprint()
    {
        var index = new KnownContentIndex();
        index.AddBlocked(Entry(HashA, 0xFFFF_0000_FFFF_0000UL, "r_exact"), null);

        var match = index.Match(HashA, () => throw new InvalidOperationException("exact matches need no fingerprint"));

        Assert.NotNull(match);
        Assert.True(match.Exact);
        Assert.Equal(0, match.Distance);
        Assert.Equal(1.0, match.Similarity);
        Assert.Equal("r_exact", match.Entry.ItemId);
    }

    [Theory]
    [InlineData(3, 0)]
    [InlineData(3, 3)]
    [InlineData(8, 5)]
    [InlineData(8, 8)]
    [InlineData(12, 1)]
    [InlineData(12, 7)]
    [InlineData(12, 11)]
    [InlineData(12, 12)]
    [InlineData(15, 15)]
    public void CandidatesUpToTheMaxDistanceAreFoundWhereverTheBitsDiffer(int maxDistance, int flips)
    {
        var random = new Random(7 + flips + (100 * maxDistance));
        for (var trial = 0; trial < 300; trial++)
        {
            var banked = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            var index = new KnownContentIndex(maxDistance);
            index.AddBlocked(Entry(HashA, banked), Fingerprint(banked));
            var probe = banked;
            foreach (var bit in Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(flips))
            {
                probe ^= 1UL << bit;
            }

            var match = index.Match(HashB, () => Fingerprint(probe));

            Assert.NotNull(match);
            Assert.False(match.Exact);
            Assert.Equal(flips, match.Distance);
        }
    }

    [Fact]
    public void BeyondTheMaxDistanceIsNoMatch()
    {
        var index = new KnownContentIndex(maxDistance: 3);
        index.AddBlocked(Entry(HashA, 0), Fingerprint(0));

        // Four flips, two in each 32-bit band: no band is within one bit and the distance is over the limit.
        Assert.Null(index.FindNear(Fingerprint(0b11UL | (0b11UL << 32))));
        Assert.Null(index.FindNear(Fingerprint(0xF)));
        Assert.NotNull(index.FindNear(Fingerprint(0x7)));

        var wide = new KnownContentIndex(maxDistance: 12);
        wide.AddBlocked(Entry(HashA, 0), Fingerprint(0));
        var random = new Random(3);
        for (var trial = 0; trial < 200; trial++)
        {
            var probe = 0UL;
            foreach (var bit in Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(13))
            {
                probe |= 1UL << bit;
            }

            Assert.Null(wide.FindNear(Fingerprint(probe)));
        }
    }

    [Fact]
    public void AmongEquallySimilarCandidatesTheClosestWins()
    {
        var index = new KnownContentIndex(maxDistance: 3);
        const ulong probe = 1UL << 63;
        index.AddBlocked(Entry(HashA, probe | 0b111, "r_far"), Fingerprint(probe | 0b111));
        index.AddBlocked(Entry(HashB, probe | 0b001, "r_near"), Fingerprint(probe | 0b001));

        var match = index.FindNear(Fingerprint(probe));

        Assert.Equal("r_near", match!.Entry.ItemId);
        Assert.Equal(1, match.Distance);
    }

    [Fact]
    public void TheMostSimilarCandidateWinsOverACloserSimHash()
    {
        var index = new KnownContentIndex(maxDistance: 8, minSimilarity: 0.5);
        ulong[] post = [.. Enumerable.Range(1, 20).Select(i => (ulong)i)];
        index.AddBlocked(Entry(HashA, 0b1, "r_close_hash"), new ContentFingerprint(0b1, [.. Enumerable.Range(1, 14).Select(i => (ulong)i)], 8));
        index.AddBlocked(Entry(HashB, 0b11111, "r_same_words"), new ContentFingerprint(0b11111, [.. Enumerable.Range(1, 19).Select(i => (ulong)i)], 10));

        var match = index.FindNear(new ContentFingerprint(0, post, 10));

        Assert.Equal("r_same_words", match!.Entry.ItemId);
        Assert.Equal(5, match.Distance);
        Assert.Equal(0.95, match.Similarity, 3);
    }

    [Fact]
    public void AnIdenticalSimHashIsNoMatchWhenTheWordsDiffer()
    {
        // SimHash collisions happen; the shingle check is what decides a block.
        var index = new KnownContentIndex();
        index.AddBlocked(Entry(HashA, 42), new ContentFingerprint(42, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 6));

        Assert.Null(index.FindNear(new ContentFingerprint(42, [1, 2, 3, 4, 20, 21, 22, 23, 24, 25, 26], 6)));
        Assert.NotNull(index.FindNear(new ContentFingerprint(42, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12], 6)));
    }

    [Fact]
    public void LookupComparesOnlyEntriesSharingABand()
    {
        // Entries that differ from the probe in every band are never candidates, however many there are.
        var index = new KnownContentIndex(maxDistance: 3);
        for (var i = 1; i <= 5000; i++)
        {
            var spread = (ulong)i * 0x0001_0001_0001_0001UL;
            index.AddBlocked(Entry(i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), spread, $"r_{i}"), Fingerprint(spread));
        }

        Assert.Equal(5000, index.BlockedCount);
        Assert.Null(index.FindNear(Fingerprint(0x8000_8000_8000_8000UL)));
        Assert.Equal("r_42", index.FindNear(Fingerprint(42UL * 0x0001_0001_0001_0001UL ^ 0b100))!.Entry.ItemId);
    }

    [Fact]
    public void ZeroMaxDistanceMatchesOnlyIdenticalSimHashes()
    {
        var index = new KnownContentIndex(maxDistance: 0);
        index.AddBlocked(Entry(HashA, 12345), Fingerprint(12345));

        Assert.NotNull(index.FindNear(Fingerprint(12345)));
        Assert.Null(index.FindNear(Fingerprint(12345 ^ 1)));
    }

    [Fact]
    public void AllowListFindsTheDismissedItemByHash()
    {
        var index = new KnownContentIndex();
        index.AddAllowed(HashA, "r_dismissed");

        Assert.Equal("r_dismissed", index.FindAllowed(HashA));
        Assert.Null(index.FindAllowed(HashB));
        Assert.False(index.HasBlocked);
    }

    [Fact]
    public void BankingTheSameHashTwiceKeepsTheFirstItem()
    {
        var index = new KnownContentIndex();

        Assert.True(index.AddBlocked(Entry(HashA, 1, "r_first"), Fingerprint(1)));
        Assert.False(index.AddBlocked(Entry(HashA, 1, "r_second"), Fingerprint(1)));
        Assert.True(index.ContainsBlocked(HashA));
        Assert.False(index.ContainsBlocked(HashB));
        Assert.Equal("r_first", index.FindExact(HashA)!.ItemId);
        Assert.Equal(1, index.BlockedCount);
    }
}
