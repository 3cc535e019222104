using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Engine.Pipeline;

/// <summary>
/// One call of <see cref="ModerationEngine.ModerateAsync(IReadOnlyList{Post}, IModelGate, CancellationToken)"/>: the batch's posts grouped by cache key (identical posts are
/// assessed once), which groups the cache answered, and which the model must see.
/// </summary>
internal sealed class BatchPlan
{
    private readonly IReadOnlyList<Post> _posts;
    private readonly PreparedPost[] _prepared;
    private readonly int[] _groupOf;
    private readonly List<Group> _groups;
    private int _cacheHits;
    private int _cacheMisses;
    private int _bypassed;
    private int _distinctFromCache;
    private int _distinctAssessed;
    private int _screened;

    private BatchPlan(IReadOnlyList<Post> posts, PreparedPost[] prepared, int[] groupOf, List<Group> groups)
    {
        _posts = posts;
        _prepared = prepared;
        _groupOf = groupOf;
        _groups = groups;
    }

    public static BatchPlan Prepare(ModerationPipeline pipeline, IReadOnlyList<Post> posts)
    {
        var prepared = new PreparedPost[posts.Count];
        var groupOf = new int[posts.Count];
        var firstByKey = new Dictionary<string, int>(posts.Count, StringComparer.Ordinal);
        var groups = new List<Group>(posts.Count);
        for (var i = 0; i < posts.Count; i++)
        {
            prepared[i] = pipeline.Prepare(posts[i].Text);
            if (!firstByKey.TryGetValue(prepared[i].CacheKey, out var group))
            {
                firstByKey[prepared[i].CacheKey] = group = groups.Count;
                groups.Add(new Group(prepared[i]));
            }

            groupOf[i] = group;
            if (posts[i].DoNotStore)
            {
                groups[group].AnyUnstored = true;
            }
            else
            {
                groups[group].AnyStored = true;
            }
        }

        return new BatchPlan(posts, prepared, groupOf, groups);
    }

    /// <summary>Looks up the groups that have a post which may use the cache (do-not-store posts never read it).</summary>
    public async ValueTask LookUpAsync(IVerdictCache? cache, CancellationToken cancellationToken)
    {
        if (cache is null)
        {
            return;
        }

        var lookups = new List<int>(_groups.Count);
        var keys = new List<string>(_groups.Count);
        for (var g = 0; g < _groups.Count; g++)
        {
            if (_groups[g].AnyStored)
            {
                lookups.Add(g);
                keys.Add(_groups[g].Post.CacheKey);
            }
        }

        if (keys.Count == 0)
        {
            return;
        }

        var found = await cache.GetManyAsync(keys, cancellationToken).ConfigureAwait(false);
        for (var j = 0; j < lookups.Count; j++)
        {
            _groups[lookups[j]].Cached = found[j];
            _distinctFromCache += found[j] is null ? 0 : 1;
        }
    }

    /// <summary>The groups the model must see: cache misses, and groups with a do-not-store post (which cannot use a hit).</summary>
    public List<int> ToAssess()
    {
        var fresh = new List<int>();
        for (var g = 0; g < _groups.Count; g++)
        {
            if (_groups[g].Cached is null || _groups[g].AnyUnstored)
            {
                fresh.Add(g);
            }
        }

        _distinctAssessed = fresh.Count;
        return fresh;
    }

    public List<PreparedPost> PreparedOf(List<int> groups) => groups.ConvertAll(g => _groups[g].Post);

    /// <summary>Records fresh assessments; returns those to store (groups with a post that may be stored and no hit).</summary>
    public List<KeyValuePair<string, Assessment>> Assessed(List<int> groups, IReadOnlyList<Assessment> assessments)
    {
        var toStore = new List<KeyValuePair<string, Assessment>>(groups.Count);
        for (var j = 0; j < groups.Count; j++)
        {
            var group = _groups[groups[j]];
            group.Fresh = assessments[j];
            _screened += assessments[j].Coverage.Any(c => c.Screened) ? 1 : 0;
            if (group.AnyStored && group.Cached is null)
            {
                toStore.Add(new(group.Post.CacheKey, assessments[j]));
            }
        }

        return toStore;
    }

    /// <summary>Renders each verdict onto its own text and applies reviewers' decisions.</summary>
    public ModerationBatch Render(KnownContentOverlay knownContent)
    {
        var verdicts = new Verdict[_posts.Count];
        List<ReviewCandidate>? review = null;
        int banked = 0, allowListed = 0;
        for (var i = 0; i < _posts.Count; i++)
        {
            var post = _posts[i];
            var group = _groups[_groupOf[i]];
            var hit = post.DoNotStore ? null : group.Cached;
            Count(post.DoNotStore, hit is not null);
            var verdict = ModerationPipeline.Render(_prepared[i], hit ?? group.Fresh!, post.Id, cached: hit is not null);
            verdicts[i] = knownContent.Apply(_prepared[i], verdict, out var outcome, out var candidate, i, post.DoNotStore);
            banked += outcome == KnownContentOutcome.Banked ? 1 : 0;
            allowListed += outcome == KnownContentOutcome.AllowListed ? 1 : 0;
            if (candidate is not null)
            {
                (review ??= []).Add(candidate);
            }
        }

        var counts = new ModerationCounts(_cacheHits, _cacheMisses, _bypassed, _distinctFromCache, _distinctAssessed,
            _posts.Count - _groups.Count, banked, allowListed, _screened);
        return new ModerationBatch(verdicts, review ?? (IReadOnlyList<ReviewCandidate>)[], counts);
    }

    private void Count(bool doNotStore, bool hit)
    {
        if (doNotStore)
        {
            _bypassed++;
        }
        else if (hit)
        {
            _cacheHits++;
        }
        else
        {
            _cacheMisses++;
        }
    }

    private sealed class Group(PreparedPost post)
    {
        public PreparedPost Post { get; } = post;

        public bool AnyStored { get; set; }

        public bool AnyUnstored { get; set; }

        public Assessment? Cached { get; set; }

        public Assessment? Fresh { get; set; }
    }
}
