using ModerationApi.Engine.KnownContent;

namespace ModerationApi.UnitTests.KnownContent;

public sealed class KnownContentIndexTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    private static KnownContentEntry Entry(string hash, ulong simHash, string id = "r_1") => new(hash, simHash, id, "extremist_propaganda");

    [Fact]
    public void EmptyIndexMatchesNothingAndNeverComputesTheSimHash()
    {
        var index = new KnownContentIndex();

        Assert.False(index.HasBlocked);
        Assert.Null(index.Match(HashA, () => throw new InvalidOperationException("SimHash computed for an empty bank")));
        Assert.Null(index.FindAllowed(HashA));
    }

    [Fact]
    public void ExactHashMatchesWithoutComputingTheSimHash()
    {
        var index = new KnownContentIndex();
        index.AddBlocked(Entry(HashA, 0xFFFF_0000_FFFF_0000UL, "r_exact"));

        var match = index.Match(HashA, () => throw new InvalidOperationException("exact matches need no SimHash"));

        Assert.NotNull(match);
        Assert.True(match.Exact);
        Assert.Equal(0, match.Distance);
        Assert.Equal("r_exact", match.Entry.ItemId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NearMatchesUpToTheMaxDistanceAreFoundWhereverTheBitsDiffer(int flips)
    {
        var random = new Random(7 + flips);
        for (var trial = 0; trial < 200; trial++)
        {
            var banked = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            var index = new KnownContentIndex(maxDistance: 3);
            index.AddBlocked(Entry(HashA, banked));
            var probe = banked;
            foreach (var bit in Enumerable.Range(0, 64).OrderBy(_ => random.Next()).Take(flips))
            {
                probe ^= 1UL << bit;
            }

            var match = index.Match(HashB, () => probe);

            Assert.NotNull(match);
            Assert.False(match.Exact);
            Assert.Equal(flips, match.Distance);
        }
    }

    [Fact]
    public void BeyondTheMaxDistanceIsNoMatch()
    {
        var index = new KnownContentIndex(maxDistance: 3);
        index.AddBlocked(Entry(HashA, 0));

        // Four flips, one in each 16-bit band: no band agrees and the distance is over the limit.
        Assert.Null(index.FindNear(1UL | (1UL << 16) | (1UL << 32) | (1UL << 48)));
        Assert.Null(index.FindNear(0xF));
    }

    [Fact]
    public void TheClosestOfSeveralCandidatesWins()
    {
        var index = new KnownContentIndex(maxDistance: 3);
        const ulong probe = 1UL << 63;
        index.AddBlocked(Entry(HashA, probe | 0b111, "r_far"));
        index.AddBlocked(Entry(HashB, probe | 0b001, "r_near"));

        var match = index.FindNear(probe);

        Assert.Equal("r_near", match!.Entry.ItemId);
        Assert.Equal(1, match.Distance);
    }

    [Fact]
    public void LookupComparesOnlyEntriesSharingABand()
    {
        // Entries that differ from the probe in every band are never candidates, however many there are.
        var index = new KnownContentIndex(maxDistance: 3);
        for (var i = 1; i <= 5000; i++)
        {
            var spread = (ulong)i * 0x0001_0001_0001_0001UL;
            index.AddBlocked(Entry(i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), spread, $"r_{i}"));
        }

        Assert.Equal(5000, index.BlockedCount);
        Assert.Null(index.FindNear(0x8000_8000_8000_8000UL));
        Assert.Equal("r_42", index.FindNear(42UL * 0x0001_0001_0001_0001UL ^ 0b100)!.Entry.ItemId);
    }

    [Fact]
    public void ZeroMaxDistanceMatchesOnlyIdenticalSimHashes()
    {
        var index = new KnownContentIndex(maxDistance: 0);
        index.AddBlocked(Entry(HashA, 12345));

        Assert.NotNull(index.FindNear(12345));
        Assert.Null(index.FindNear(12345 ^ 1));
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

        Assert.True(index.AddBlocked(Entry(HashA, 1, "r_first")));
        Assert.False(index.AddBlocked(Entry(HashA, 1, "r_second")));
        Assert.Equal("r_first", index.FindExact(HashA)!.ItemId);
        Assert.Equal(1, index.BlockedCount);
    }
}
