using ModerationApi.Engine.Rules;

namespace ModerationApi.Engine.Policy;

/// <summary>The rule signals of one post grouped by kind, with proximity look-ups.</summary>
internal sealed class SignalView
{
    // Request terms are short; this bounds how far before a target a request can start and still be near its end.
    private const int LongestRequest = 64;
    private static readonly IReadOnlyList<RuleSignal> None = [];

    // The words an appeal or a piece of propaganda is made of, which a report quotes: "fundraisers used phrases like
    // 'equip a fighter'", "a channel asking for money for 'the brothers in the camps'". Payment details and links are
    // not among them: they work wherever they are printed.
    private static readonly HashSet<SignalKind> MentionedKinds =
    [
        SignalKind.Entity, SignalKind.AmbiguousEntity, SignalKind.Slogan, SignalKind.Glorification, SignalKind.Appeal,
        SignalKind.Beneficiary, SignalKind.ImpliedBeneficiary, SignalKind.ImpliedAppeal, SignalKind.Coin, SignalKind.Recruitment,
        SignalKind.Exclusion, SignalKind.NftTerm, SignalKind.NftPromotion, SignalKind.Dehumanisation,
    ];

    // How a post asks for money ("send what you can", "wallet in bio", "XMR only"), quoted or not.
    private static readonly HashSet<SignalKind> AskKinds = [SignalKind.Request, SignalKind.Pointer, SignalKind.Anonymity];

    private readonly Dictionary<SignalKind, List<RuleSignal>> _byKind = [];
    private readonly int _window;
    private readonly RuleSignal[] _requestsByStart;
    private readonly List<RuleSignal> _mentions = [];

    public SignalView(IReadOnlyList<RuleSignal> signals, int window)
    {
        _window = window;
        var mentioning = IsMentioning(signals);
        foreach (var signal in signals)
        {
            if (mentioning && signal.Quoted && MentionedKinds.Contains(signal.Kind))
            {
                _mentions.Add(signal);
                continue;
            }

            if (!_byKind.TryGetValue(signal.Kind, out var list))
            {
                _byKind[signal.Kind] = list = [];
            }

            list.Add(signal);
        }

        foreach (var list in _byKind.Values)
        {
            KeepOutermost(list);
        }

        // "Isis" next to "goddess" or "cat" is not the group.
        var entities = new List<RuleSignal>(Of(SignalKind.Entity));
        if (Of(SignalKind.HomonymContext).Count == 0)
        {
            entities.AddRange(Of(SignalKind.AmbiguousEntity));
        }

        Entities = entities;
        var reporting = Of(SignalKind.Reporting);
        Reporting = reporting.Any(r => r.Quoted) ? [.. reporting.Where(r => !r.Quoted)] : reporting;
        // An extremist appeal ("equip a mujahid", "pay the smugglers") asks for money as plainly as "donate" does.
        _requestsByStart = [.. Of(SignalKind.Request).Concat(Of(SignalKind.Appeal)).Concat(Of(SignalKind.ImpliedAppeal)).OrderBy(r => r.Start)];
    }

    public IReadOnlyList<RuleSignal> Entities { get; }

    /// <summary>
    /// Extremist phrases and names a post quotes while it reports on them (see <see cref="IsMentioning"/>): kept as
    /// evidence, not scored by the rules.
    /// </summary>
    public IReadOnlyList<RuleSignal> Mentions => _mentions;

    public IReadOnlyList<RuleSignal> Addresses => Of(SignalKind.Address);

    /// <summary>Reporting, research and counter-speech cues outside quotation marks: a quoted cue is someone else's.</summary>
    public IReadOnlyList<RuleSignal> Reporting { get; }

    public IReadOnlyList<RuleSignal> Of(SignalKind kind) => _byKind.TryGetValue(kind, out var list) ? list : None;

    /// <summary>
    /// The requests within the window of any target, and the targets within the window of any request. A request inside
    /// its target is never one for it; with <paramref name="requestMayContainTarget"/> a request that contains the
    /// target is ("support the brothers" asks for the brothers).
    /// </summary>
    public (List<RuleSignal> Requests, List<RuleSignal> Targets) RequestsNear(IReadOnlyList<RuleSignal> targets, bool requestMayContainTarget = false)
    {
        var requests = new List<RuleSignal>();
        var near = new List<RuleSignal>();
        if (_requestsByStart.Length == 0 || targets.Count == 0)
        {
            return (requests, near);
        }

        var used = new bool[_requestsByStart.Length];
        foreach (var target in targets)
        {
            var found = false;
            for (var i = FirstStartingAtOrAfter(target.Start - _window - LongestRequest); i < _requestsByStart.Length; i++)
            {
                var request = _requestsByStart[i];
                if (request.Start > target.End + _window)
                {
                    break;
                }

                var gap = Math.Max(request.Start, target.Start) - Math.Min(request.End, target.End);
                var excluded = requestMayContainTarget ? Inside(request, target) : Overlaps(request, target);
                if (gap <= _window && !excluded)
                {
                    found = true;
                    if (!used[i])
                    {
                        used[i] = true;
                        requests.Add(request);
                    }
                }
            }

            if (found)
            {
                near.Add(target);
            }
        }

        return (requests, near);
    }

    /// <summary>The <paramref name="targets"/> that lie within the window of any of <paramref name="anchors"/>.</summary>
    public List<RuleSignal> Near(IReadOnlyList<RuleSignal> targets, IReadOnlyList<RuleSignal> anchors)
    {
        var near = new List<RuleSignal>();
        if (targets.Count == 0 || anchors.Count == 0)
        {
            return near;
        }

        // Anchors are few in real posts (addresses, URIs, a recruitment call's conditions), so one sorted copy and a
        // binary search per target suffice.
        var sorted = anchors.OrderBy(a => a.Start).ToArray();
        var starts = sorted.Select(a => a.Start).ToArray();
        var longest = sorted.Max(a => a.End - a.Start);
        foreach (var target in targets)
        {
            var first = Array.BinarySearch(starts, target.Start - _window - longest);
            for (var i = first < 0 ? ~first : first; i < sorted.Length && sorted[i].Start <= target.End + _window; i++)
            {
                var gap = Math.Max(sorted[i].Start, target.Start) - Math.Min(sorted[i].End, target.End);
                if (gap <= _window)
                {
                    near.Add(target);
                    break;
                }
            }
        }

        return near;
    }

    // A post quotes rather than uses its extremist words when it frames itself as reporting, research or counter-speech
    // outside its quotation marks, prints nothing that pays or links (a live address or token link stays operational
    // however it is framed) and asks for nothing, in its own voice or in a quote: an appeal forwarded whole under
    // "police say" still tells the reader to "DM the bot, Monero only". Quotation marks alone are not enough: a
    // supporter puts his own slogans in them too ('"Blood and soil." Say it loud, lads'), and the model reads
    // quote-heavy posts poorly. Posts that are mostly quotation get no quoted hits at all (see CompiledRules).
    private static bool IsMentioning(IReadOnlyList<RuleSignal> signals)
    {
        var reporting = false;
        foreach (var signal in signals)
        {
            switch (signal.Kind)
            {
                case SignalKind.Address or SignalKind.MoneroUri or SignalKind.Sanctioned or SignalKind.NftLink or SignalKind.NftSeries:
                    return false;
                case var kind when AskKinds.Contains(kind):
                    return false;
                case SignalKind.Reporting when !signal.Quoted:
                    reporting = true;
                    break;
            }
        }

        return reporting;
    }

    // A phrase inside a longer phrase of the same kind ("donate" in "donate now", "jihad with your wealth" in "wage jihad
    // with your wealth") is one hit, not two: each distinct term adds to a noisy-or, so nested lines would count twice.
    private static void KeepOutermost(List<RuleSignal> list)
    {
        if (list.Count < 2)
        {
            return;
        }

        list.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var kept = 0;
        var reach = -1;
        for (var i = 0; i < list.Count; i++)
        {
            // Sorted by start, longest first: a signal ending within the reach of an earlier one lies inside it.
            var signal = list[i];
            if (signal.End <= reach)
            {
                continue;
            }

            list[kept++] = signal;
            reach = signal.End;
        }

        list.RemoveRange(kept, list.Count - kept);
    }

    // A request word inside the target itself ("Support" in an outlet name) is not a request for it.
    private static bool Overlaps(RuleSignal a, RuleSignal b) => a.Start < b.End && b.Start < a.End;

    private static bool Inside(RuleSignal inner, RuleSignal outer) => inner.Start >= outer.Start && inner.End <= outer.End;

    private int FirstStartingAtOrAfter(int position)
    {
        int lo = 0, hi = _requestsByStart.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_requestsByStart[mid].Start < position)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
