namespace ModerationApi.Cli;

/// <summary>Minimal <c>--name value</c> parsing; unknown or missing options are errors with the option's name.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, params string[] known)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
            {
                throw new ArgumentException($"unknown option '{name}' (known: {string.Join(", ", known.Select(k => "--" + k))})");
            }

            if (!e.MoveNext())
            {
                throw new ArgumentException($"option '{name}' needs a value");
            }

            _values[name[2..]] = e.Current;
        }
    }

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"option '--{name}' is required");

    public string Optional(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
