using System.Diagnostics;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// The batch loops: take the waiting requests' texts round-robin (deficit round-robin by cost) into a batch, wait
/// briefly for company, run the batch through the inner classifier, and hand each request its scores.
/// </summary>
public sealed partial class MicroBatchingClassifier
{
    private async Task RunLoopAsync()
    {
        var batch = new List<QueuedText>(_maxBatchSize);
        while (true)
        {
            Task arrived;
            long cost;
            lock (_lock)
            {
                if (_disposed && _waiting.Count == 0)
                {
                    return;
                }

                cost = TakeRounds(batch, 0);
                arrived = _arrived.Task;
            }

            if (batch.Count == 0)
            {
                await arrived.ConfigureAwait(false);
                continue;
            }

            if (batch.Count < _maxBatchSize && cost < _maxBatchCost && _maxWait > TimeSpan.Zero)
            {
                await WaitForCompanyAsync(batch, cost).ConfigureAwait(false);
            }

            await RunBatchAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    // Under _lock. Round-robin over the waiting requests, at most one text each per round and only once the request
    // has earned the text's cost (deficit round-robin), until the batch is full in texts or cost. The first text of a batch is always taken, so a text costlier than a whole batch still runs (alone).
    private long TakeRounds(List<QueuedText> batch, long cost)
    {
        if (batch.Count == 0 && _waiting.Count > 0)
        {
            // A new batch: each waiting request may fill at most its share of it, so a post that came alone is not
            // answered only after a batch filled by others' backlogs; shares unused by one go to the others next time.
            _forming++;
            _share = Math.Max(_quantum, _maxBatchCost / _waiting.Count);
        }

        var overShare = 0;
        while (_waiting.Count > 0 && batch.Count < _maxBatchSize && overShare < _waiting.Count)
        {
            if (_cursor >= _waiting.Count)
            {
                _cursor = 0;
            }

            var request = _waiting[_cursor];
            var next = request.NextCost;
            if (request.Deficit < next)
            {
                // Deficit round-robin: each visit earns a quantum, so a request's costly texts go less often than
                // another's cheap ones, never not at all, and every request gets an equal share of cost per round.
                request.Deficit += _quantum;
                if (request.Deficit < next)
                {
                    _cursor++;
                    continue;
                }
            }

            if (batch.Count > 0 && cost + next > _maxBatchCost)
            {
                break;
            }

            var spent = request.SpentIn == _forming ? request.Spent : 0;
            if (batch.Count > 0 && spent + next > _share)
            {
                overShare++;
                _cursor++;
                continue;
            }

            overShare = 0;
            request.SpentIn = _forming;
            request.Spent = spent + next;
            request.Deficit -= next;
            var index = request.Take();
            cost += next;
            Interlocked.Add(ref _queuedCost, -next);
            Interlocked.Decrement(ref _queuedTexts);
            batch.Add(new QueuedText(request, index));
            if (!request.HasUntaken)
            {
                _waiting.RemoveAt(_cursor);
                var waited = request.BatchesWaited;
                try
                {
                    RequestAdmitted?.Invoke(waited);
                }
                catch (Exception)
                {
                    // A metrics subscriber must not stop the model from serving.
                }
            }
            else
            {
                _cursor++;
            }
        }

        return cost;
    }

    private async Task WaitForCompanyAsync(List<QueuedText> batch, long cost)
    {
        using var timeout = new CancellationTokenSource(_maxWait);
        try
        {
            while (batch.Count < _maxBatchSize && cost < _maxBatchCost)
            {
                Task arrived;
                lock (_lock)
                {
                    cost = TakeRounds(batch, cost);
                    if (_disposed || batch.Count >= _maxBatchSize || cost >= _maxBatchCost)
                    {
                        return;
                    }

                    arrived = _arrived.Task;
                }

                await arrived.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // MaxWait is up: go with what we have.
        }
    }

    private async Task RunBatchAsync(List<QueuedText> batch)
    {
        var texts = new string[batch.Count];
        long cost = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            texts[i] = batch[i].Text;
            cost += batch[i].Request.CostOf(batch[i].Index);
        }

        lock (_lock)
        {
            // Everyone still waiting is delayed by this batch.
            foreach (var request in _waiting)
            {
                request.BatchesWaited++;
            }
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not the callers' tokens: the batch serves many callers, and one leaving must not fail the others.
            var results = await _inner.ClassifyAsync(texts, CancellationToken.None).ConfigureAwait(false);
            if (results.Count != texts.Length)
            {
                throw new InvalidOperationException(
                    $"The classifier returned {results.Count} results for {texts.Length} texts.");
            }

            RecordThroughput(Stopwatch.GetElapsedTime(started).TotalSeconds / cost);
            Interlocked.Add(ref _textsScored, texts.Length);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Request.SetResult(batch[i].Index, results[i]);
            }
        }
        catch (Exception ex)
        {
            // The whole request fails, so its texts still queued for later batches are dropped too.
            lock (_lock)
            {
                foreach (var item in batch)
                {
                    Release(item.Request, item.Request.AbandonUntaken());
                    RemoveWaiting(item.Request);
                }
            }

            foreach (var item in batch)
            {
                item.Request.Fail(ex);
            }
        }

        Interlocked.Increment(ref _batchesRun);
        try
        {
            BatchCompleted?.Invoke(batch.Count);
        }
        catch (Exception)
        {
            // A metrics subscriber must not stop the model from serving.
        }
    }

    private void RecordThroughput(double secondsPerUnit)
    {
        // Workers may race here; losing one sample of a moving average does not matter.
        var previous = Volatile.Read(ref _secondsPerUnit);
        var next = previous == 0 ? secondsPerUnit : previous + (ThroughputSmoothing * (secondsPerUnit - previous));
        Volatile.Write(ref _secondsPerUnit, next);
    }
}
