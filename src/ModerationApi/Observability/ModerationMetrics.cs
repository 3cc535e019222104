using System.Diagnostics.Metrics;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Observability;

/// <summary>Counters for what moderation decided, which rules fired and how the cache did. Never carries post text.</summary>
internal sealed class ModerationMetrics
{
    public const string MeterName = "ModerationApi";

    private readonly Counter<long> _verdicts;
    private readonly Counter<long> _labels;
    private readonly Counter<long> _ruleHits;
    private readonly Counter<long> _cache;
    private readonly Histogram<int> _batchSize;
    private readonly Counter<long> _reviewEnqueue;
    private readonly Counter<long> _knownContent;
    private readonly Counter<long> _unread;
    private readonly Histogram<int> _batchesWaited;
    private readonly Counter<long> _admissionRefused;
    private readonly Counter<long> _modelTokens;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _screened;

    public ModerationMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _verdicts = meter.CreateCounter<long>("moderation.verdicts", "{verdict}", "Verdicts by action.");
        _labels = meter.CreateCounter<long>("moderation.labels.flagged", "{label}", "Flagged labels.");
        _ruleHits = meter.CreateCounter<long>("moderation.rule.hits", "{hit}", "Rule evidence items by rule id.");
        _cache = meter.CreateCounter<long>("moderation.cache.lookups", "{lookup}", "Verdict cache lookups by result (hit, miss, bypass).");
        _batchSize = meter.CreateHistogram<int>("moderation.model.batch.size", "{post}", "Posts per model batch.");
        _reviewEnqueue = meter.CreateCounter<long>("moderation.review.enqueue", "{post}", "Flagged posts sent to the review queue by result (queued, failed, dropped: over the pending caps).");
        _batchesWaited = meter.CreateHistogram<int>("moderation.model.batches_waited", "{batch}", "Model batches that began while a request still had posts waiting.");
        _admissionRefused = meter.CreateCounter<long>("moderation.admission.refused", "{request}", "Requests refused before the model by reason (request_budget, key_tokens, queue_full, deadline).");
        _modelTokens = meter.CreateCounter<long>("moderation.model.tokens_admitted", "{token}", "Model tokens admitted to the model queue.");
        _authFailures = meter.CreateCounter<long>("moderation.auth.failures", "{request}", "Requests with a missing, repeated or unknown API key, by result (rejected, rate_limited).");
        _unread = meter.CreateCounter<long>("moderation.language.rules_only", "{post}", "Posts with text in a language no model reads (judged by rules only), by language.");
        _screened = meter.CreateCounter<long>("moderation.screen.cleared", "{post}", "Posts assessed whose English text the encoder screen cleared, so the encoder skipped them.");
        _knownContent = meter.CreateCounter<long>("moderation.review.known_content", "{post}", "Posts decided by reviewer feedback by source (bank, allowList).");
    }

    public void Record(Verdict verdict)
    {
        _verdicts.Add(1, new KeyValuePair<string, object?>("action", verdict.Action.ToString().ToLowerInvariant()));
        foreach (var (label, result) in verdict.Labels)
        {
            if (result.Flagged)
            {
                _labels.Add(1, new KeyValuePair<string, object?>("label", label));
            }
        }

        foreach (var coverage in verdict.Coverage)
        {
            // A screened language has a model; the screen only let it skip the encoder (counted apart, per assessment).
            if (!coverage.Model && !coverage.Screened)
            {
                _unread.Add(1, new KeyValuePair<string, object?>("language", coverage.Language));
            }
        }

        foreach (var evidence in verdict.Evidence)
        {
            if (evidence.Source == EvidenceSource.Rule)
            {
                _ruleHits.Add(1, new KeyValuePair<string, object?>("rule", evidence.RuleId));
            }
        }
    }

    public void CacheLookup(string result, int count = 1) =>
        _cache.Add(count, new KeyValuePair<string, object?>("result", result));

    public void ModelBatch(int size) => _batchSize.Record(size);

    public void ReviewEnqueue(string result, int count) =>
        _reviewEnqueue.Add(count, new KeyValuePair<string, object?>("result", result));

    public void ModelBatchesWaited(int batches) => _batchesWaited.Record(batches);

    public void AdmissionRefused(string reason) =>
        _admissionRefused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ModelTokensAdmitted(long tokens) => _modelTokens.Add(tokens);

    public void ScreenCleared(int posts)
    {
        if (posts > 0)
        {
            _screened.Add(posts);
        }
    }

    public void AuthFailure(string result) =>
        _authFailures.Add(1, new KeyValuePair<string, object?>("result", result));

    public void KnownContent(string source) =>
        _knownContent.Add(1, new KeyValuePair<string, object?>("source", source));
}
