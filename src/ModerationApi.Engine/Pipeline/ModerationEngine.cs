using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// Moderating posts, the whole use case: normalise each post, look the distinct ones up in the verdict cache, run the
/// rules and the encoder screen over the misses, admit what is left for the model, assess the misses once each (the
/// model sees them as one batch), store them, render every verdict onto its own text, and
/// apply reviewers' decisions (bank, allow list), which are never cached. The service's endpoints, the CLI's rescans
/// and workers, the evaluation and the benchmarks all call <see cref="ModerateAsync(IReadOnlyList{Post}, IModelGate, CancellationToken)"/>; build one with
/// <see cref="ModerationEngineBuilder"/>.
/// </summary>
/// <remarks>Thread-safe: one engine serves every request of a process.</remarks>
public sealed class ModerationEngine : IDisposable
{
    private readonly ModerationPipeline _pipeline;
    private readonly IVerdictCache? _cache;
    private readonly KnownContentOverlay _knownContent;
    private readonly IKnownContentSource? _source;
    private readonly IDisposable? _owned;
    private long? _loadedVersion;

    internal ModerationEngine(ModerationPipeline pipeline, RuleSetProvider rules, PolicyEngine policy, IVerdictCache? cache,
        KnownContentOverlay knownContent, IKnownContentSource? source, IDisposable? owned)
    {
        _pipeline = pipeline;
        Rules = rules;
        Policy = policy.Options;
        _cache = cache;
        _knownContent = knownContent;
        _source = source;
        _owned = owned;
    }

    /// <summary>The classifier version in force, or <c>none</c> for rules only.</summary>
    public string ModelVersion => _pipeline.ModelVersion;

    /// <summary>The rule sets version in force.</summary>
    public string RulesVersion => _pipeline.RulesVersion;

    /// <summary>The policy version in force.</summary>
    public string PolicyVersion => _pipeline.PolicyVersion;

    /// <summary>The rule sets, for listing and reloading them.</summary>
    public RuleSetProvider Rules { get; }

    /// <summary>The policy's thresholds.</summary>
    public PolicyOptions Policy { get; }

    /// <summary>How many confirmed items the bank holds and how many texts the allow list holds, in memory.</summary>
    public (int Blocked, int Allowed) KnownContentCounts => (_knownContent.Index.BlockedCount, _knownContent.Index.AllowedCount);

    /// <summary>Moderates a batch of posts; verdicts come back in input order.</summary>
    public ValueTask<ModerationBatch> ModerateAsync(IReadOnlyList<Post> posts, CancellationToken cancellationToken = default) =>
        ModerateAsync(posts, null, cancellationToken);

    /// <summary>
    /// Moderates a batch of posts, with <paramref name="gate"/> between the cache and the model: it admits (or refuses)
    /// the posts the cache did not answer and the encoder screen did not clear, before the model sees them; it is not
    /// called when no post is left for the model.
    /// </summary>
    public async ValueTask<ModerationBatch> ModerateAsync(IReadOnlyList<Post> posts, IModelGate? gate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var batch = BatchPlan.Prepare(_pipeline, posts);
        await batch.LookUpAsync(_cache, cancellationToken).ConfigureAwait(false);
        var fresh = batch.ToAssess();
        if (fresh.Count > 0)
        {
            // Rules and the encoder screen first: the gate admits (and charges) only what will reach the model.
            var screened = _pipeline.Screen(batch.PreparedOf(fresh));
            var assessed = gate is null || screened.ModelTexts.Count == 0
                ? await _pipeline.AssessAsync(screened, null, cancellationToken).ConfigureAwait(false)
                : await AdmittedAsync(gate, screened, cancellationToken).ConfigureAwait(false);
            var toStore = batch.Assessed(fresh, assessed);
            if (_cache is not null && toStore.Count > 0)
            {
                await _cache.SetManyAsync(toStore, cancellationToken).ConfigureAwait(false);
            }
        }

        return batch.Render(_knownContent);
    }

    private async Task<IReadOnlyList<Assessment>> AdmittedAsync(IModelGate gate, ScreenedPosts screened, CancellationToken cancellationToken)
    {
        var costs = gate.Admit(screened.ModelTexts);
        return await gate.RunAsync(token => _pipeline.AssessAsync(screened, costs, token).AsTask(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Loads what reviewers banked and allow-listed since the last load, when the source's version has moved. Each call
    /// to the source may take at most <paramref name="callTimeout"/>.
    /// </summary>
    /// <returns>True when something was loaded; false when nothing changed or there is no source.</returns>
    /// <exception cref="TimeoutException">The source did not answer in time; the index keeps what it had.</exception>
    public async ValueTask<bool> RefreshKnownContentAsync(TimeSpan callTimeout, CancellationToken cancellationToken = default)
    {
        if (_source is null)
        {
            return false;
        }

        // Read the version first: a decision landing during the load only causes one more load later.
        var version = await _source.KnownContentVersionAsync(cancellationToken).AsTask().WaitAsync(callTimeout, cancellationToken).ConfigureAwait(false);
        if (version == _loadedVersion)
        {
            return false;
        }

        var snapshot = await _source.LoadKnownContentAsync(cancellationToken).AsTask().WaitAsync(callTimeout, cancellationToken).ConfigureAwait(false);
        foreach (var entry in snapshot.Blocked)
        {
            if (!_knownContent.Index.ContainsBlocked(entry.ContentHash))
            {
                // The bank keeps no text; near matches are verified against the confirmed item's words.
                var text = await _source.ConfirmedTextAsync(entry.ItemId, cancellationToken).AsTask().WaitAsync(callTimeout, cancellationToken).ConfigureAwait(false);
                _knownContent.LearnConfirmed(entry, text);
            }
        }

        foreach (var (hash, itemId) in snapshot.Allowed)
        {
            _knownContent.Index.AddAllowed(hash, itemId);
        }

        _loadedVersion = version;
        return true;
    }

    /// <summary>A reviewer confirmed an item: its words are blocked from the next post on.</summary>
    public void LearnConfirmed(KnownContentEntry entry, string text) => _knownContent.LearnConfirmed(entry, text);

    /// <summary>A reviewer dismissed an item: its exact text is allowed from the next post on.</summary>
    public void LearnDismissed(string contentHash, string itemId) => _knownContent.Index.AddAllowed(contentHash, itemId);

    /// <inheritdoc/>
    public void Dispose() => _owned?.Dispose();
}
