namespace ModerationApi.Engine.Rules;

/// <summary>
/// Aho-Corasick automaton over UTF-16 text: every occurrence of every pattern in one pass, linear in the text length
/// plus the number of matches, so adversarial posts cannot make lexicon matching slow.
/// Hyphens and underscores are read as spaces on both sides, so "ad-dawla" and "ad dawla" are one entry.
/// </summary>
internal sealed class LexiconMatcher
{
    private readonly int[] _rootNext;          // dense root transitions: the root is hit on nearly every character
    private readonly int[] _childStart;        // node -> first index into _childKeys/_childTargets
    private readonly int[] _childCount;
    private readonly char[] _childKeys;        // sorted per node, for binary search
    private readonly int[] _childTargets;
    private readonly int[] _fail;
    private readonly int[] _outputLink;        // nearest node (following failure links, itself included) that ends a pattern, or -1
    private readonly int[] _nodePatterns;      // first pattern ending exactly at a node, or -1
    private readonly int[] _nextPatternSameNode;
    private readonly int[] _patternLengths;

    public LexiconMatcher(IReadOnlyList<string> patterns)
    {
        var children = new List<Dictionary<char, int>> { new() };
        var nodePatterns = new List<int> { -1 };
        _nextPatternSameNode = new int[patterns.Count];
        _patternLengths = new int[patterns.Count];
        for (var p = 0; p < patterns.Count; p++)
        {
            var node = 0;
            foreach (var raw in patterns[p])
            {
                var c = Fold(raw);
                if (!children[node].TryGetValue(c, out var next))
                {
                    next = children.Count;
                    children.Add([]);
                    nodePatterns.Add(-1);
                    children[node][c] = next;
                }

                node = next;
            }

            _patternLengths[p] = patterns[p].Length;
            _nextPatternSameNode[p] = nodePatterns[node];
            nodePatterns[node] = p;
        }

        var n = children.Count;
        _nodePatterns = [.. nodePatterns];
        _childStart = new int[n];
        _childCount = new int[n];
        var total = children.Sum(c => c.Count);
        _childKeys = new char[total];
        _childTargets = new int[total];
        var offset = 0;
        for (var i = 0; i < n; i++)
        {
            _childStart[i] = offset;
            _childCount[i] = children[i].Count;
            foreach (var (key, target) in children[i].OrderBy(kv => kv.Key))
            {
                _childKeys[offset] = key;
                _childTargets[offset] = target;
                offset++;
            }
        }

        _rootNext = new int[char.MaxValue + 1];
        foreach (var (key, target) in children[0])
        {
            _rootNext[key] = target;
        }

        _fail = new int[n];
        _outputLink = new int[n];
        _outputLink[0] = -1;
        var queue = new Queue<int>();
        foreach (var (_, target) in children[0])
        {
            _fail[target] = 0;
            _outputLink[target] = _nodePatterns[target] >= 0 ? target : -1;
            queue.Enqueue(target);
        }

        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (key, target) in children[node])
            {
                var f = _fail[node];
                int next;
                while ((next = Child(f, key)) < 0 && f != 0)
                {
                    f = _fail[f];
                }

                _fail[target] = next >= 0 && next != target ? next : 0;
                _outputLink[target] = _nodePatterns[target] >= 0 ? target : _outputLink[_fail[target]];
                queue.Enqueue(target);
            }
        }
    }

    /// <summary>Calls <paramref name="onMatch"/> with (pattern index, start, end exclusive) for every occurrence.</summary>
    public void Match<TState>(ReadOnlySpan<char> text, ref TState state, MatchHandler<TState> onMatch)
    {
        var node = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = Fold(text[i]);
            int next;
            while ((next = Child(node, c)) < 0 && node != 0)
            {
                node = _fail[node];
            }

            node = next < 0 ? 0 : next;
            for (var o = _outputLink[node]; o >= 0; o = _outputLink[_fail[o]])
            {
                for (var p = _nodePatterns[o]; p >= 0; p = _nextPatternSameNode[p])
                {
                    onMatch(ref state, p, i + 1 - _patternLengths[p], i + 1);
                }
            }
        }
    }

    private int Child(int node, char c)
    {
        if (node == 0)
        {
            var r = _rootNext[c];
            return r == 0 ? -1 : r;
        }

        var keys = _childKeys.AsSpan(_childStart[node], _childCount[node]);
        var index = keys.BinarySearch(c);
        return index >= 0 ? _childTargets[_childStart[node] + index] : -1;
    }

    private static char Fold(char c) => c is '-' or '_' ? ' ' : c;

    /// <summary>Receives one match.</summary>
    public delegate void MatchHandler<TState>(ref TState state, int pattern, int start, int end);
}
