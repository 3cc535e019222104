using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.Pipeline;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>
/// Issue 10, case 1, replayed on the real model: one abandoned batch of 16 × 20,000 characters of base58 words must not
/// stall the next caller, a 256-item batch of them is refused up front, and dense text is cut to a few windows while
/// the rules still read all of it. Delays are measured in model batches, never in time.
/// </summary>
public sealed class CostAdmissionTests : IDisposable
{
    // The model queue itself is under test: with the encoder screen on, the base58 filler and the short post would be
    // cleared before they reach it.
    private readonly ModerationApiFactory _factory = new ModerationApiFactory().With("Classifier:Enabled", "true").With("Screen:Enabled", "false");

    private MicroBatchingClassifier Batcher => _factory.Services.GetRequiredService<MicroBatchingClassifier>();

    [Fact]
    public async Task AfterAnAbandonedBase58BatchASingleShortPostWaitsAtMostForTheBatchAlreadyAtTheModel()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var batcher = Batcher;
        var waits = new List<int>();
        var items = Enumerable.Range(0, 16).Select(i => new { id = $"b{i}", text = HostilePosts.Base58Words(20_000, i) }).ToArray();

        // The model is held after its first batch until the client has gone, so the request is abandoned mid-way on
        // every run: polling the queue for it raced a fast model on a busy machine and could see the request done.
        using var hold = new ManualResetEventSlim();
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void HoldFirstBatch(int size)
        {
            if (firstBatch.TrySetResult())
            {
                hold.Wait(TimeSpan.FromSeconds(60));
            }
        }

        using var leaving = new CancellationTokenSource();
        batcher.BatchCompleted += HoldFirstBatch;
        try
        {
            var abandoned = client.PostAsJsonAsync("/v1/moderate/batch", new { items }, leaving.Token);
            await Task.WhenAny(firstBatch.Task, abandoned);
            Assert.False(abandoned.IsCompleted, "the batch finished before it could be abandoned");
            await leaving.CancelAsync(); // the client goes away, as in the report (after 2 s there)
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
            await WaitUntilAsync(() => batcher.TextsDropped > 0);
        }
        finally
        {
            batcher.BatchCompleted -= HoldFirstBatch;
            hold.Set();
        }

        await WaitUntilAsync(() => batcher.QueuedTexts == 0);

        var batchesBefore = batcher.BatchesRun;
        batcher.RequestAdmitted += waits.Add;
        var single = await client.PostAsJsonAsync("/v1/moderate", new { text = "See you at the match on Saturday." });
        batcher.RequestAdmitted -= waits.Add;

        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        // The single post went into the first batch formed after it arrived: at most the batch of the abandoned request
        // already at the model finished before its own.
        Assert.Equal([0], waits);
        Assert.InRange(batcher.BatchesRun - batchesBefore, 1, 2);
        // What the abandoned request had not yet handed to the model never reached it.
        Assert.InRange(batcher.TextsDropped, 1, 16);
        Assert.Equal(16, batcher.TextsDropped + (batcher.TextsScored - 1)); // everything scored but the single post was the abandoned request's
    }

    [Fact]
    public async Task A256ItemBatchOfBase58PostsIsRefusedUpFrontWithTheBudgetAndNothingReachesTheModel()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var batcher = Batcher;
        var items = Enumerable.Range(0, 256).Select(i => new { id = $"h{i}", text = HostilePosts.Base58Words(20_000, 1000 + i) }).ToArray();

        var response = await client.PostAsJsonAsync("/v1/moderate/batch", new { items });

        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(65_536, problem.GetProperty("maxRequestTokens").GetInt32());
        Assert.True(problem.GetProperty("modelTokens").GetInt64() > 65_536);
        Assert.Contains("65536", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, batcher.BatchesRun);
        Assert.Equal(0, batcher.TextsScored);
    }

    [Fact]
    public void DenseTextIsCutToAFewWindowsWhileProseOfTheSameLengthIsReadWhole()
    {
        var model = _factory.Services.GetRequiredService<OnnxTextClassifier>();
        var prose = string.Join(' ', Enumerable.Repeat("The council met on Tuesday to discuss the new library and the bus timetable for the winter.", 220))[..20_000];

        var base58 = model.CostOf(HostilePosts.Base58Words(20_000, 7));
        var digits = model.CostOf(HostilePosts.DigitRuns(20_000, 7));
        var full = model.CostOf(prose);

        Assert.InRange(base58, 1, WindowBudget.MaxDenseWindows * 128);
        Assert.InRange(digits, 1, WindowBudget.MaxDenseWindows * 128);
        // About 3,900 words of prose: every word is read (far more than the dense cap).
        Assert.True(full > 20 * 128, $"prose cost {full}");
    }

    [Fact]
    public async Task AnAppealAfterDenseFillerIsStillFoundByTheRules()
    {
        var client = _factory.ClientWithKey(ModerationApiFactory.ModerateKey);
        var appeal = Review.ReviewApi.BlockedPost("dense");
        var text = HostilePosts.Base58Words(20_000 - appeal.Length - 1, 11) + " " + appeal;

        var verdict = await (await client.PostAsJsonAsync("/v1/moderate", new { text })).JsonAsync();

        Assert.Equal("block", verdict.GetProperty("action").GetString());
        Assert.Contains(verdict.GetProperty("evidence").EnumerateArray(), e => e.GetProperty("source").GetString() == "rule" && e.GetProperty("start").GetInt32() > 19_000 - appeal.Length);
    }

    public void Dispose() => _factory.Dispose();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            await Task.Delay(1, guard.Token);
        }
    }
}
