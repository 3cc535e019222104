using Microsoft.Extensions.Options;
using ModerationApi.Cli.Rescan;
using ModerationApi.Engine.Normalization;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;
using ModerationApi.Storage.Caching;

namespace ModerationApi.UnitTests.Rescan;

/// <summary>Duplicate posts in an archive cost one model call: deduplicated within a batch, shared through the verdict cache.</summary>
public sealed class BatchModeratorCacheTests : IDisposable
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
        Assert.Equal(Distinct.Length, moderator.Assessed);
        Assert.Equal(posts.Select(p => p.Id), verdicts.Select(v => v.Id));
    }

    [Fact]
    public async Task DuplicatesWithinABatchAreAssessedOnceEvenWithoutACache()
    {
        var classifier = new CountingClassifier();
        using var moderator = Moderator(classifier, cache: null);

        await moderator.ModerateAsync(Archive(copies: 10), CancellationToken.None);

        Assert.Equal(Distinct.Length, classifier.TextsSeen.Count);
        Assert.Equal(Distinct.Length * 9, moderator.BatchDuplicates);
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
        Assert.Equal(0, second.Assessed);
        Assert.True(second.CacheHits > 0);
        Assert.Equal(before.Select(v => (v.Action, v.Evidence.Count)), after.Select(v => (v.Action, v.Evidence.Count)));
    }

    [Fact]
    public async Task CacheEntriesOfAnotherModelVersionAreNotUsed()
    {
        var posts = Archive(copies: 2);
        using var first = Moderator(new CountingClassifier(), _cache);
        await ModerateInBatchesAsync(first, posts, batch: 8);

        var rulesOnly = new BatchModerator(new ModerationPipeline(Normalizer, Rules, Policy), _cache);
        await ModerateInBatchesAsync(rulesOnly, posts, batch: 8);

        Assert.Equal(0, rulesOnly.CacheHits);
        Assert.Equal(Distinct.Length, rulesOnly.Assessed);
    }

    public void Dispose() => _cache.Dispose();

    private static readonly TextNormalizer Normalizer = new();
    private static readonly RuleSetProvider Rules = new(Normalizer, Path.Combine(AppContext.BaseDirectory, "models", "rules"), null);
    private static readonly PolicyEngine Policy = new(new PolicyOptions());

    private static BatchModerator Moderator(ITextClassifier classifier, IVerdictCache? cache) =>
        new(new ModerationPipeline(Normalizer, Rules, Policy, classifier), cache);

    private static List<ArchiveRecord> Archive(int copies) =>
        [.. Enumerable.Range(0, copies * Distinct.Length).Select(i => ArchiveRecord.Post(i + 1, $"p{i}", Distinct[i % Distinct.Length], []))];

    private static async Task<List<Verdict>> ModerateInBatchesAsync(BatchModerator moderator, List<ArchiveRecord> posts, int batch)
    {
        var verdicts = new List<Verdict>();
        foreach (var chunk in posts.Chunk(batch))
        {
            verdicts.AddRange(await moderator.ModerateAsync(chunk, CancellationToken.None));
        }

        return verdicts;
    }
}
