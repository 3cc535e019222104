namespace ModerationApi.Engine.Rules;

/// <summary>
/// Aho-Corasick automaton over UTF-16 text: every occurrence of every pattern in one pass, linear in the text length
/// plus the number of matches, so adversarial posts cannot make lexicon matching slow.
/// Hyphens and underscores are read as spaces on both sides, so "ad-dawla" and "ad dawla" are one entry.
/// </summary>
/// <remarks>
/// Prose keeps the automaton a few letters deep and failing on nearly every word, so following failure links with a
/// binary search per step was most of the cost. The shallow nodes (every node, for lexicons of normal size) therefore
/// carry a complete transition row over the pattern alphabet, which makes a step one table load; deeper nodes, past
/// <see cref="DenseBudget"/>, keep sorted child lists and fall back along failure links to a dense row.
/// </remarks>
internal sealed class LexiconMatcher
{
    // Most transition entries the dense rows may hold (4 MB of ints); beyond it the deepest nodes go sparse.
    private const int DenseBudget = 1 << 20;

    private readonly ushort[] _classOf;        // char -> alphabet class; 0 for chars in no pattern
    private readonly int _classCount;
    private readonly int _denseNodes;          // nodes [0, _denseNodes) have a row in _delta (BFS order: shallow first)

    // Per dense node and class, the next node; stored complemented (negative) when that node ends a pattern directly
    // or through its failure links, so the common no-match step costs no second load.
    private readonly int[] _delta;
    private readonly int[] _childStart;        // node -> first index into _childKeys/_childTargets (sparse nodes only)
    private readonly int[] _childCount;
    private readonly ushort[] _childKeys;      // classes, sorted per node, for binary search
    private readonly int[] _childTargets;
    private readonly int[] _fail;
    private readonly int[] _outputLink;        // nearest node (following failure links, itself included) that ends a pattern, or -1
    private readonly int[] _nodePatterns;      // first pattern ending exactly at a node, or -1
    private readonly int[] _nextPatternSameNode;
    private readonly int[] _patternLengths;

    public LexiconMatcher(IReadOnlyList<string> patterns)
        : this(patterns, DenseBudget)
    {
    }

    /// <summary>Builds the automaton with at most <paramref name="denseBudget"/> dense transition entries (tests force the sparse path).</summary>
    // Long on purpose: trie, failure links and the dense/sparse tables are built in one place because each step
    // indexes the arrays the previous one filled; split up, they would pass half a dozen arrays around.
    internal LexiconMatcher(IReadOnlyList<string> patterns, int denseBudget)
    {
        // The trie, with node ids in insertion order.
        var children = new List<SortedDictionary<char, int>> { new() };
        var trieNodePatterns = new List<int> { -1 };
        _nextPatternSameNode = new int[patterns.Count];
        _patternLengths = new int[patterns.Count];
        var alphabet = new SortedSet<char>();
        for (var p = 0; p < patterns.Count; p++)
        {
            var node = 0;
            foreach (var raw in patterns[p])
            {
                var c = Fold(raw);
                alphabet.Add(c);
                if (!children[node].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    trieNodePatterns.Add(-1);
                    children[node][c] = next;
                }

                node = next;
            }

            _patternLengths[p] = patterns[p].Length;
            _nextPatternSameNode[p] = trieNodePatterns[node];
            trieNodePatterns[node] = p;
        }

        _classOf = new ushort[char.MaxValue + 1];
        _classCount = alphabet.Count + 1;
        ushort cls = 1;
        foreach (var c in alphabet)
        {
            _classOf[c] = cls++;
        }

        _classOf['-'] = _classOf[' '];
        _classOf['_'] = _classOf[' '];

        // Renumber in breadth-first order: a failure link then always points to a smaller id, so rows can be filled
        // from their failure row, and the dense prefix of ids is the shallow part of the trie.
        var n = children.Count;
        var order = new int[n];
        var newId = new int[n];
        var head = 0;
        var tail = 1;
        while (head < tail)
        {
            var old = order[head];
            newId[old] = head++;
            foreach (var (_, target) in children[old])
            {
                order[tail++] = target;
            }
        }

        _nodePatterns = new int[n];
        _childStart = new int[n];
        _childCount = new int[n];
        _childKeys = new ushort[n - 1];
        _childTargets = new int[n - 1];
        var offset = 0;
        for (var id = 0; id < n; id++)
        {
            var old = order[id];
            _nodePatterns[id] = trieNodePatterns[old];
            _childStart[id] = offset;
            _childCount[id] = children[old].Count;
            foreach (var (key, target) in children[old])
            {
                _childKeys[offset] = _classOf[key];
                _childTargets[offset] = newId[target];
                offset++;
            }
        }

        _fail = new int[n];
        _outputLink = new int[n];
        _outputLink[0] = -1;
        for (var id = 0; id < n; id++)
        {
            for (var k = _childStart[id]; k < _childStart[id] + _childCount[id]; k++)
            {
                var target = _childTargets[k];
                var f = id == 0 ? -1 : _fail[id];
                var next = -1;
                while (f >= 0 && (next = Child(f, _childKeys[k])) < 0)
                {
                    f = f == 0 ? -1 : _fail[f];
                }

                _fail[target] = next >= 0 && next != target ? next : 0;
                _outputLink[target] = _nodePatterns[target] >= 0 ? target : _outputLink[_fail[target]];
            }
        }

        _denseNodes = Math.Clamp(denseBudget / _classCount, 1, n);
        _delta = new int[_denseNodes * _classCount];
        for (var id = 0; id < _denseNodes; id++)
        {
            var row = _delta.AsSpan(id * _classCount, _classCount);
            if (id != 0)
            {
                _delta.AsSpan(_fail[id] * _classCount, _classCount).CopyTo(row);
            }

            for (var k = _childStart[id]; k < _childStart[id] + _childCount[id]; k++)
            {
                row[_childKeys[k]] = Encode(_childTargets[k]);
            }
        }
    }

    /// <summary>Calls <paramref name="onMatch"/> with (pattern index, start, end exclusive) for every occurrence.</summary>
    public void Match<TState>(ReadOnlySpan<char> text, ref TState state, MatchHandler<TState> onMatch)
    {
        var classOf = _classOf;
        var delta = _delta;
        var classCount = _classCount;
        var denseNodes = _denseNodes;
        var node = 0;
        for (var i = 0; i < text.Length; i++)
        {
            int cls = classOf[text[i]];
            var next = node < denseNodes ? delta[(node * classCount) + cls] : SparseStep(node, cls);
            if (next >= 0)
            {
                node = next;
                continue;
            }

            node = ~next;
            for (var o = _outputLink[node]; o >= 0; o = _outputLink[_fail[o]])
            {
                for (var p = _nodePatterns[o]; p >= 0; p = _nextPatternSameNode[p])
                {
                    onMatch(ref state, p, i + 1 - _patternLengths[p], i + 1);
                }
            }
        }
    }

    /// <summary>The encoded transition from a node without a dense row: its own child, or a failure ancestor's.</summary>
    private int SparseStep(int node, int cls)
    {
        do
        {
            var child = Child(node, cls);
            if (child >= 0)
            {
                return Encode(child);
            }

            node = _fail[node];
        }
        while (node >= _denseNodes);

        return _delta[(node * _classCount) + cls];
    }

    private int Encode(int node) => _outputLink[node] >= 0 ? ~node : node;

    private int Child(int node, int cls)
    {
        var keys = _childKeys.AsSpan(_childStart[node], _childCount[node]);
        var index = keys.BinarySearch((ushort)cls);
        return index >= 0 ? _childTargets[_childStart[node] + index] : -1;
    }

    private static char Fold(char c) => c is '-' or '_' ? ' ' : c;

    /// <summary>Receives one match.</summary>
    public delegate void MatchHandler<TState>(ref TState state, int pattern, int start, int end);
}
