using Microsoft.Extensions.Options;
using ModerationApi.Cli;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Storage.Caching;

namespace ModerationApi.UnitTests.Pipeline;

/// <summary>Duplicate posts cost one model call: deduplicated within a batch, shared through the verdict cache.</summary>
public sealed class ModerationEngineCacheTests : IDisposable
{
    private static readonly string[] Distinct =
    [
        "Lovely weather in Leeds today.",
        "Equip a mujahid of the Islamic State, send XMR",
        "Ramadan reminder: zakat is due on savings.",
        "My team absolutely killed it last night!",
    ];

    private readonly MemoryVerdictCache _cache = new(Options.Create(new CacheOptions()));

    [Fact]
    public async Task ArchiveOfManyDuplicatesSendsEachDistinctTextToTheModelOnce()
    {
        var classifier = new CountingClassifier();
        using var moderator = Moderator(classifier, _cache);
        var posts = Archive(copies: 50);

        var verdicts = await ModerateInBatchesAsync(moderator, posts, batch: 16);

        Assert.Equal(posts.Count, verdicts.Count);
        Assert.Equal(Distinct.Length, classifier.TextsSeen.Count);
        Assert.Equal(Distinct.Length, classifier.TextsSeen.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Distinct.Length, moderator.Tally.Assessed);
        Assert.Equal(posts.Select(p => p.Id), verdicts.Select(v => v.Id));
    }

    [Fact]
    public async Task DuplicatesWithinABatchAreAssessedOnceEvenWithoutACache()
    {
        var classifier = new CountingClassifier();
        using var moderator = Moderator(classifier, cache: null);

        await ModerateInBatchesAsync(moderator, Archive(copies: 10), batch: 1000);

        Assert.Equal(Distinct.Length, classifier.TextsSeen.Count);
        Assert.Equal(Distinct.Length * 9, moderator.Tally.BatchDuplicates);
    }

    [Fact]
    public async Task SecondRunOverTheSamePostsIsServedFromTheCacheWithTheSameVerdicts()
    {
        var posts = Archive(copies: 5);
        var firstModel = new CountingClassifier();
        using var first = Moderator(firstModel, _cache);
        var before = await ModerateInBatchesAsync(first, posts, batch: 8);

        var secondModel = new CountingClassifier();
        using var second = Moderator(secondModel, _cache);
        var after = await ModerateInBatchesAsync(second, posts, batch: 8);

        Assert.Empty(secondModel.TextsSeen);
        Assert.Equal(0, second.Tally.Assessed);
        Assert.True(second.Tally.CacheHits > 0);
        Assert.Equal(before.Select(v => (v.Action, v.Evidence.Count)), after.Select(v => (v.Action, v.Evidence.Count)));
    }

    [Fact]
    public async Task CacheEntriesOfAnotherModelVersionAreNotUsed()
    {
        var posts = Archive(copies: 2);
        using var first = Moderator(new CountingClassifier(), _cache);
        await ModerateInBatchesAsync(first, posts, batch: 8);

        using var rulesOnly = Moderator(null, _cache);
        await ModerateInBatchesAsync(rulesOnly, posts, batch: 8);

        Assert.Equal(0, rulesOnly.Tally.CacheHits);
        Assert.Equal(Distinct.Length, rulesOnly.Tally.Assessed);
    }

    public void Dispose() => _cache.Dispose();

    private static Counted Moderator(ITextClassifier? classifier, IVerdictCache? cache) =>
        new(new ModerationEngineBuilder(new EngineOptions()).WithClassifier(classifier).WithCache(cache).Build());

    private static List<Post> Archive(int copies) =>
        [.. Enumerable.Range(0, copies * Distinct.Length).Select(i => new Post(Distinct[i % Distinct.Length], $"p{i}"))];

    private static async Task<List<Verdict>> ModerateInBatchesAsync(Counted moderator, List<Post> posts, int batch)
    {
        var verdicts = new List<Verdict>();
        foreach (var chunk in posts.Chunk(batch))
        {
            var moderated = await moderator.Engine.ModerateAsync(chunk, CancellationToken.None);
            moderator.Tally.Add(moderated.Counts);
            verdicts.AddRange(moderated.Verdicts);
        }

        return verdicts;
    }

    /// <summary>An engine with the CLI's running totals of what the cache and deduplication saved.</summary>
    private sealed class Counted(ModerationEngine engine) : IDisposable
    {
        public ModerationEngine Engine { get; } = engine;

        public ModerationTally Tally { get; } = new();

        public void Dispose() => Engine.Dispose();
    }
}
