using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace ModerationApi.Cli.Compare;

/// <summary>
/// The verdicts of an earlier run, indexed by post id, to compare a new run against. Not constant in the number of
/// posts: each post costs one entry of a <c>Dictionary&lt;ulong, Entry&gt;</c>, about 24 bytes plus buckets (so
/// roughly 30 to 60 MB per million posts as the table grows by doubling), because ids are held as 64-bit hashes
/// rather than strings and the sets of rule ids are interned (an archive has few distinct sets). Two ids collide
/// with probability about n²/2⁶⁵, under one in a million for ten million posts; a collision would at worst compare
/// one post against another post's old verdict.
/// </summary>
internal sealed class PreviousVerdicts
{
    private readonly Dictionary<ulong, Entry> _byId = [];
    private readonly Dictionary<string, int> _causeSetIndex = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> _causeSets = [];
    private readonly List<string> _actions = [];

    /// <summary>Verdicts read, including repeated ids.</summary>
    public long Count { get; private set; }

    /// <summary>Lines whose id had been seen before in the same file; the last one counts.</summary>
    public long RepeatedIds { get; private set; }

    /// <summary>Posts per (rules version, model version) of the earlier run.</summary>
    public Dictionary<(string Rules, string Model), long> Versions { get; } = [];

    /// <summary>Entries in the index.</summary>
    public int Distinct => _byId.Count;

    public static PreviousVerdicts Load(IEnumerable<VerdictFacts> verdicts)
    {
        var index = new PreviousVerdicts();
        foreach (var verdict in verdicts)
        {
            index.Add(verdict);
        }

        return index;
    }

    public void Add(VerdictFacts verdict)
    {
        Count++;
        var key = (verdict.RulesVersion, verdict.ModelVersion);
        Versions[key] = Versions.GetValueOrDefault(key) + 1;
        var entry = new Entry(Intern(_actions, verdict.Action), InternCauses(verdict.Causes));
        if (!_byId.TryAdd(Hash(verdict.Id), entry))
        {
            RepeatedIds++;
            _byId[Hash(verdict.Id)] = entry;
        }
    }

    /// <summary>
    /// The earlier verdict of post <paramref name="id"/>, if the earlier run had one, marking it seen by the later run
    /// so that what is left unmarked (<see cref="Unseen"/>) is what the later run lacks. One hash and one lookup.
    /// </summary>
    public bool TryTake(string id, out string action, out IReadOnlyList<string> causes)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_byId, Hash(id));
        if (Unsafe.IsNullRef(ref entry))
        {
            action = string.Empty;
            causes = [];
            return false;
        }

        entry = entry with { Seen = true };
        action = _actions[entry.Action];
        causes = _causeSets[entry.Causes];
        return true;
    }

    /// <summary>Earlier posts the later run has not taken.</summary>
    public long Unseen => _byId.Values.LongCount(e => !e.Seen);

    private static ulong Hash(string id)
    {
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(id);
        SHA256.HashData(bytes, hash);
        return BitConverter.ToUInt64(hash);
    }

    private static byte Intern(List<string> values, string value)
    {
        var i = values.IndexOf(value);
        if (i < 0)
        {
            values.Add(value);
            i = values.Count - 1;
        }

        return checked((byte)i);
    }

    private int InternCauses(IReadOnlyList<string> causes)
    {
        var key = string.Join('\n', causes);
        if (!_causeSetIndex.TryGetValue(key, out var i))
        {
            _causeSetIndex[key] = i = _causeSets.Count;
            _causeSets.Add(causes);
        }

        return i;
    }

    private readonly record struct Entry(byte Action, int Causes, bool Seen = false);
}
