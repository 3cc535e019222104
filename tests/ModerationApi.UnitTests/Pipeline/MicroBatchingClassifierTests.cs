using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.UnitTests.Pipeline;

public sealed class MicroBatchingClassifierTests
{
    // Only a guard against a broken batcher hanging the run; no assertion depends on time.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    // Zero wait makes batch boundaries depend only on what is queued when the gate opens.
    private static readonly MicroBatchOptions NoWait = new() { MaxBatchSize = 8, MaxWait = TimeSpan.Zero };

    [Fact]
    public async Task ConcurrentSingleCallersEachGetTheirOwnResultFromSharedBatches()
    {
        var model = new GatedClassifier();
        model.Block();
        await using var classifier = new MicroBatchingClassifier(model, NoWait);
        var accepted = 0;
        var allAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var callers = Enumerable.Range(1, 64).Select(n => Task.Run(async () =>
        {
            var pending = classifier.ClassifyAsync([new string('x', n)], CancellationToken.None);
            if (Interlocked.Increment(ref accepted) == 64)
            {
                allAccepted.SetResult();
            }

            return (Length: n, Result: await pending);
        })).ToArray();
        await allAccepted.Task.WaitAsync(Guard);
        model.Release();
        var results = await Task.WhenAll(callers).WaitAsync(Guard);

        Assert.All(results, r => Assert.Equal(r.Length, LengthOf(Assert.Single(r.Result))));
        Assert.InRange(model.Batches.Count, 1, 63);
        Assert.All(model.Batches, b => Assert.InRange(b.Length, 1, NoWait.MaxBatchSize));
        Assert.Equal(64, model.TextsSeen.Count);
    }

    [Fact]
    public async Task ARequestLargerThanABatchIsSplitAndReassembledInOrder()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 4, MaxWait = TimeSpan.Zero });
        int[] lengths = [5, 1, 9, 3, 10, 2, 8, 4, 7, 6];
        string[] texts = [.. lengths.Select(n => new string('y', n))];

        var first = await HoldModelWithAsync(model, classifier, "a");
        var request = Classify(classifier, texts);
        model.Release();

        Assert.Equal(lengths, (await request.WaitAsync(Guard)).Select(LengthOf));
        Assert.Equal(1, LengthOf(Assert.Single(await first.WaitAsync(Guard))));
        Assert.Equal([1, 4, 4, 2], model.Batches.Select(b => b.Length));
        Assert.Equal(texts, model.TextsSeen.Skip(1));
    }

    [Fact]
    public async Task ASinglePostBehindALargeRequestGoesIntoTheNextBatch()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 4, MaxWait = TimeSpan.Zero });
        var waited = new List<int>();
        classifier.RequestAdmitted += waited.Add;
        string[] large = [.. Enumerable.Range(0, 12).Select(i => "large" + i)];

        var first = await HoldModelWithAsync(model, classifier, "a");
        var bulk = Classify(classifier, large);
        var single = Classify(classifier, "single");
        model.Release();
        await Task.WhenAll(first, bulk, single).WaitAsync(Guard);

        // Round-robin: the second batch takes one text of each waiting request, so the single post is not behind the
        // twelve; it waited only for the batch that was already at the model.
        Assert.Contains("single", model.Batches[1]);
        Assert.Equal(["large0", "single", "large1", "large2"], model.Batches[1]);
        Assert.Equal(large, model.TextsSeen.Where(t => t.StartsWith("large", StringComparison.Ordinal)));
        Assert.Equal(0, waited[1]); // "a" first, then "single"
        Assert.Equal(3, waited[2]); // the large request saw three batches begin before its last text was taken
    }

    [Fact]
    public async Task CheapPostsAreNotHeldBehindAnotherRequestsCostlyTextsWhenCostIsShared()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 100, MaxBatchCost = 8, MaxWait = TimeSpan.Zero, Cost = t => t.Length, FairShareQuantum = 4 });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var costly = Classify(classifier, "LLLLLLL1", "LLLLLLL2");
        var cheap = new[] { Classify(classifier, "s1"), Classify(classifier, "s2"), Classify(classifier, "s3") };
        model.Release();
        await Task.WhenAll([first, costly, .. cheap]).WaitAsync(Guard);

        // Plain round-robin would have sent "LLLLLLL1" next (it fills a batch of cost 8 alone); by cost share the three
        // cheap posts go first, while the costly request earns its turn.
        Assert.Equal([["a"], ["s1", "s2", "s3"], ["LLLLLLL1"], ["LLLLLLL2"]], model.Batches);
    }

    [Fact]
    public async Task EachWaitingRequestFillsAtMostItsShareOfABatch()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 100, MaxBatchCost = 12, MaxWait = TimeSpan.Zero, Cost = t => t.Length, FairShareQuantum = 4 });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var backlog = Classify(classifier, "b1", "b2", "b3", "b4", "b5", "b6");
        var single = Classify(classifier, "s1");
        model.Release();
        await Task.WhenAll(first, backlog, single).WaitAsync(Guard);

        // Two requests wait, so each may put 6 of the batch's 12 into it: the single post's batch holds three of the
        // backlog's texts, not five, and is answered sooner; the backlog has the model to itself afterwards.
        Assert.Equal([["a"], ["b1", "s1", "b2", "b3"], ["b4", "b5", "b6"]], model.Batches);
    }

    [Fact]
    public async Task BatchesAreBoundedByCostAndACostlierTextRunsAlone()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 100, MaxBatchCost = 10, MaxWait = TimeSpan.Zero, Cost = t => t.Length });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var request = Classify(classifier, "bbbb", "cccc", "dddd", "eeee", "twelve-chars", "ff");
        model.Release();
        await Task.WhenAll(first, request).WaitAsync(Guard);

        // A request's texts go out cheapest first, so "ff" joins the first batch and the costly text runs alone last.
        Assert.Equal([["a"], ["ff", "bbbb", "cccc"], ["dddd", "eeee"], ["twelve-chars"]], model.Batches);
    }

    [Fact]
    public async Task ALargeRequestIsHandedOutShortestFirstSoEachBatchHoldsTextsOfSimilarLength()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 3, MaxWait = TimeSpan.Zero, Cost = t => t.Length });
        int[] lengths = [9, 1, 7, 2, 8, 3];
        string[] texts = [.. lengths.Select(n => new string('z', n))];

        var first = await HoldModelWithAsync(model, classifier, "a");
        var request = Classify(classifier, texts);
        model.Release();
        var results = await request.WaitAsync(Guard);
        await first.WaitAsync(Guard);

        // Batches are padded to their longest text: in arrival order both would hold a 9 or an 8; sorted, one is short.
        Assert.Equal([[1, 2, 3], [7, 8, 9]], model.Batches.Skip(1).Select(b => b.Select(t => t.Length)));
        Assert.Equal(lengths, results.Select(LengthOf)); // results still in the caller's order
    }

    [Fact]
    public async Task TheQueueCountsCostNotTexts()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { QueueCapacity = 10, MaxWait = TimeSpan.Zero, Cost = t => t.Length });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var heavy = Classify(classifier, "bbbbbb");
        var refused = Classify(classifier, "ccccc");
        var light = Classify(classifier, "dd", "ee");

        Assert.Equal(10, classifier.QueuedCost);
        Assert.Equal(3, classifier.QueuedTexts);
        await Assert.ThrowsAsync<ModelQueueFullException>(() => refused);
        model.Release();
        await Task.WhenAll(first, heavy, light).WaitAsync(Guard);
        Assert.Equal(0, classifier.QueuedCost);
    }

    [Fact]
    public async Task CostsGivenByTheCallerReplaceTheCostFunction()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { QueueCapacity = 10, MaxWait = TimeSpan.Zero, Cost = _ => 1 });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var counted = classifier.ClassifyAsync(["b", "c"], [4, 5], CancellationToken.None).AsTask();

        Assert.Equal(9, classifier.QueuedCost);
        model.Release();
        await Task.WhenAll(first, counted).WaitAsync(Guard);
    }

    [Fact]
    public async Task CancelledTextsAreCountedAsDroppedAndNeverReachTheModel()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 2, MaxWait = TimeSpan.Zero });
        using var leaving = new CancellationTokenSource();

        var first = await HoldModelWithAsync(model, classifier, "a");
        var gone = classifier.ClassifyAsync([.. Enumerable.Range(0, 16).Select(i => "gone" + i)], leaving.Token).AsTask();
        await leaving.CancelAsync();
        var single = Classify(classifier, "single");
        model.Release();
        await Task.WhenAll(first, single).WaitAsync(Guard);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);
        Assert.Equal(16, classifier.TextsDropped);
        Assert.Equal([["a"], ["single"]], model.Batches);
    }

    [Fact]
    public async Task AFullQueueRefusesAtOnceAndLosesNothingAlreadyAccepted()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { QueueCapacity = 4, MaxWait = TimeSpan.Zero });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var second = Classify(classifier, "bb", "bbb");
        var third = Classify(classifier, "cc", "ccc");
        var refused = Classify(classifier, "d");

        Assert.Equal(4, classifier.QueuedTexts);
        Assert.True(refused.IsFaulted); // refused without waiting for the model
        var full = await Assert.ThrowsAsync<ModelQueueFullException>(() => refused);
        Assert.True(full.RetryAfter >= TimeSpan.FromSeconds(1));

        model.Release();
        await Task.WhenAll(first, second, third).WaitAsync(Guard);
        Assert.Equal([1], (await first).Select(LengthOf));
        Assert.Equal([2, 3], (await second).Select(LengthOf));
        Assert.Equal([2, 3], (await third).Select(LengthOf));
        Assert.Equal(0, classifier.QueuedTexts);
        Assert.DoesNotContain("d", model.TextsSeen);
    }

    [Fact]
    public async Task ARequestThatWouldOverflowIsRejectedWhole()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { QueueCapacity = 4, MaxWait = TimeSpan.Zero });

        var first = await HoldModelWithAsync(model, classifier, "a");
        var queued = Classify(classifier, "b1", "b2", "b3");
        var overflowing = Classify(classifier, "c1", "c2");

        Assert.True(overflowing.IsFaulted);
        await Assert.ThrowsAsync<ModelQueueFullException>(() => overflowing);
        Assert.Equal(3, classifier.QueuedTexts);
        var fits = Classify(classifier, "d1"); // the refusal gave back every slot it looked at
        Assert.Equal(4, classifier.QueuedTexts);

        model.Release();
        await Task.WhenAll(first, queued, fits).WaitAsync(Guard);
        Assert.DoesNotContain(model.TextsSeen, t => t.StartsWith('c'));
    }

    [Fact]
    public async Task AModelFailureReachesOnlyTheCallersOfThatBatch()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 2, MaxWait = TimeSpan.Zero });

        var before = await HoldModelWithAsync(model, classifier, "a");
        var poisoned = Classify(classifier, GatedClassifier.Poison);
        var bystander = Classify(classifier, "cc");
        var after = Classify(classifier, "ddd");
        model.Release();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => poisoned.WaitAsync(Guard));
        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => bystander.WaitAsync(Guard)));
        Assert.Equal(1, LengthOf(Assert.Single(await before.WaitAsync(Guard))));
        Assert.Equal(3, LengthOf(Assert.Single(await after.WaitAsync(Guard))));
        Assert.Equal(4, LengthOf(Assert.Single(await Classify(classifier, "eeee").WaitAsync(Guard))));
        Assert.Equal([1, 2, 1, 1], model.Batches.Select(b => b.Length));
    }

    [Fact]
    public async Task CancellingBeforeTheTextIsTakenSkipsIt()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, NoWait);
        using var leaving = new CancellationTokenSource();

        var first = await HoldModelWithAsync(model, classifier, "a");
        var cancelled = classifier.ClassifyAsync(["gone"], leaving.Token).AsTask();
        var staying = Classify(classifier, "cc");
        await leaving.CancelAsync();

        Assert.True(cancelled.IsCanceled); // before the model moved at all
        Assert.Equal(1, classifier.QueuedTexts);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        model.Release();
        await Task.WhenAll(first, staying).WaitAsync(Guard);
        await Classify(classifier, "zz").WaitAsync(Guard); // FIFO: the loop has been past the cancelled text
        Assert.DoesNotContain("gone", model.TextsSeen);
        Assert.Equal(0, classifier.QueuedTexts);
    }

    [Fact]
    public async Task CancellingAPartlyTakenRequestSkipsTheRestOfIt()
    {
        var model = new GatedClassifier();
        model.Block();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 2, MaxWait = TimeSpan.Zero });
        using var leaving = new CancellationTokenSource();

        var request = classifier.ClassifyAsync(["p1", "p2", "p3", "p4"], leaving.Token).AsTask();
        var running = await model.NextBatchAsync();
        await leaving.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Guard));
        Assert.Equal(0, classifier.QueuedTexts);
        model.Release();
        await Classify(classifier, "zz").WaitAsync(Guard); // FIFO: the loop has been past the skipped texts
        Assert.Equal([.. running, "zz"], model.TextsSeen);
    }

    [Fact]
    public async Task CancellingAfterTheTextIsInARunningBatchStillDeliversTheResult()
    {
        var model = new GatedClassifier();
        model.Block();
        await using var classifier = new MicroBatchingClassifier(model, NoWait);
        using var leaving = new CancellationTokenSource();

        var request = classifier.ClassifyAsync(["abc"], leaving.Token).AsTask();
        await model.NextBatchAsync();
        await leaving.CancelAsync();
        model.Release();

        Assert.Equal(3, LengthOf(Assert.Single(await request.WaitAsync(Guard))));
    }

    [Fact]
    public async Task DisposeFailsQueuedCallersAndFinishesTheRunningBatch()
    {
        var model = new GatedClassifier();
        var classifier = new MicroBatchingClassifier(model, NoWait);

        var running = await HoldModelWithAsync(model, classifier, "a");
        var queued = Classify(classifier, "bb", "bbb");
        var disposing = classifier.DisposeAsync().AsTask();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => queued.WaitAsync(Guard));
        Assert.False(disposing.IsCompleted); // still waiting for the batch at the model
        model.Release();
        await disposing.WaitAsync(Guard);
        Assert.Equal(1, LengthOf(Assert.Single(await running.WaitAsync(Guard))));
        Assert.Equal(["a"], model.TextsSeen);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Classify(classifier, "late"));
    }

    [Fact]
    public async Task DisposingAnIdleBatcherCompletes()
    {
        var classifier = new MicroBatchingClassifier(new GatedClassifier(), new() { MaxWait = TimeSpan.FromMinutes(10) });

        await classifier.DisposeAsync().AsTask().WaitAsync(Guard);
        await classifier.DisposeAsync().AsTask().WaitAsync(Guard);
    }

    [Fact]
    public async Task TheFirstTextWaitsForCompanyUntilTheBatchIsFull()
    {
        var model = new GatedClassifier();
        // A wait far longer than the test: only a full batch can release the first text.
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 3, MaxWait = TimeSpan.FromMinutes(10) });

        var first = Classify(classifier, "a");
        await WaitUntilAsync(() => classifier.QueuedTexts == 0); // the loop holds "a" and waits for company
        Assert.Empty(model.Batches);
        var later = new[] { Classify(classifier, "bb"), Classify(classifier, "ccc") };
        await Task.WhenAll([first, .. later]).WaitAsync(Guard);

        Assert.Equal(["a", "bb", "ccc"], Assert.Single(model.Batches));
    }

    [Fact]
    public async Task ALoneTextIsSentWhenMaxWaitRunsOut()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 3, MaxWait = TimeSpan.FromMilliseconds(1) });

        Assert.Equal(1, LengthOf(Assert.Single(await Classify(classifier, "a").WaitAsync(Guard))));
        Assert.Equal(["a"], Assert.Single(model.Batches));
    }

    [Fact]
    public async Task DisposeSendsAHalfCollectedBatchRatherThanWaitingOutMaxWait()
    {
        var model = new GatedClassifier();
        var classifier = new MicroBatchingClassifier(model, new() { MaxBatchSize = 3, MaxWait = TimeSpan.FromMinutes(10) });

        var waiting = Classify(classifier, "a");
        await WaitUntilAsync(() => classifier.QueuedTexts == 0); // taken, waiting for company
        await classifier.DisposeAsync().AsTask().WaitAsync(Guard);

        Assert.Equal(1, LengthOf(Assert.Single(await waiting.WaitAsync(Guard))));
    }

    [Fact]
    public async Task StatisticsAndBatchCompletedReportEveryModelCall()
    {
        var model = new GatedClassifier();
        var classifier = new MicroBatchingClassifier(model, NoWait);
        var sizes = new List<int>();
        classifier.BatchCompleted += size =>
        {
            lock (sizes)
            {
                sizes.Add(size);
            }
        };

        var first = await HoldModelWithAsync(model, classifier, "a");
        var second = Classify(classifier, "bb", "ccc", "dddd");
        model.Release();
        await Task.WhenAll(first, second).WaitAsync(Guard);
        await classifier.DisposeAsync().AsTask().WaitAsync(Guard); // the event follows the results; wait for the loop

        Assert.Equal([1, 3], sizes);
        Assert.Equal(2, classifier.BatchesRun);
        Assert.Equal(4, classifier.TextsScored);
    }

    [Theory]
    [InlineData(0, 0.0, 1)]
    [InlineData(50, 0.01, 1)]
    [InlineData(1000, 0.01, 1)]
    [InlineData(1001, 0.01, 1)]
    [InlineData(1000, 0.01, 2)]
    public void RetryAfterIsTheBacklogAtTheRecentRateInWholeSecondsAtLeastOne(long queued, double secondsPerText, int workers)
    {
        var expected = Math.Max(1, Math.Ceiling(queued * secondsPerText / workers));

        Assert.Equal(TimeSpan.FromSeconds(expected), MicroBatchingClassifier.EstimateRetryAfter(queued, secondsPerText, workers));
    }

    [Fact]
    public async Task VersionIsTheInnerClassifiers()
    {
        var model = new GatedClassifier();
        await using var classifier = new MicroBatchingClassifier(model);

        Assert.Equal(model.Version, classifier.Version);
    }

    [Fact]
    public async Task ARequestLargerThanTheWholeQueueIsAnArgumentError()
    {
        await using var classifier = new MicroBatchingClassifier(new GatedClassifier(), new() { QueueCapacity = 2 });

        await Assert.ThrowsAsync<ArgumentException>(() => Classify(classifier, "a", "b", "c"));
        Assert.Equal(0, classifier.QueuedTexts);
    }

    [Theory]
    [InlineData(0, 1, 1, 1)]
    [InlineData(1, -1, 1, 1)]
    [InlineData(1, 1, 0, 1)]
    [InlineData(1, 1, 1, 0)]
    public void OptionsThatCannotWorkAreRefused(int maxBatchSize, int maxWaitMs, int queueCapacity, int workers)
    {
        var options = new MicroBatchOptions
        {
            FairShareQuantum = 1,
            MaxBatchSize = maxBatchSize,
            MaxWait = TimeSpan.FromMilliseconds(maxWaitMs),
            QueueCapacity = queueCapacity,
            Workers = workers,
        };

        Assert.Throws<ArgumentOutOfRangeException>(() => new MicroBatchingClassifier(new GatedClassifier(), options));
    }

    private static Task<IReadOnlyList<ModelScores>> Classify(MicroBatchingClassifier classifier, params string[] texts) =>
        classifier.ClassifyAsync(texts, CancellationToken.None).AsTask();

    /// <summary>Puts one text at the model and keeps it there, so later requests stay queued until Release.</summary>
    private static async Task<Task<IReadOnlyList<ModelScores>>> HoldModelWithAsync(
        GatedClassifier model, MicroBatchingClassifier classifier, string text)
    {
        model.Block();
        var request = Classify(classifier, text);
        Assert.Equal([text], await model.NextBatchAsync());
        return request;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(Guard);
        while (!condition())
        {
            await Task.Delay(1, guard.Token);
        }
    }

    private static int LengthOf(ModelScores scores) => (int)scores.Scores[GatedClassifier.Label];
}
