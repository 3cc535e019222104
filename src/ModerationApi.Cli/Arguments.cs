namespace ModerationApi.Cli;

/// <summary>
/// Minimal <c>--name value</c> parsing, plus value-less <c>--flag</c> switches; unknown or missing options are errors
/// with the option's name.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public Arguments(IEnumerable<string> args, params string[] known)
        : this(args, [], known)
    {
    }

    public Arguments(IEnumerable<string> args, IReadOnlyCollection<string> flags, params string[] known)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (name.StartsWith("--", StringComparison.Ordinal) && flags.Contains(name[2..]))
            {
                _flags.Add(name[2..]);
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal) || !known.Contains(name[2..]))
            {
                throw new ArgumentException($"unknown option '{name}' (known: {string.Join(", ", known.Concat(flags).Select(k => "--" + k))})");
            }

            if (!e.MoveNext())
            {
                throw new ArgumentException($"option '{name}' needs a value");
            }

            _values[name[2..]] = e.Current;
        }
    }

    /// <summary>The command line as typed, for training records: arguments with spaces quoted.</summary>
    public static string CommandLine(string command, IEnumerable<string> args) =>
        "moderation " + command + " " + string.Join(' ', args.Select(x => x.Contains(' ', StringComparison.Ordinal) ? $"\"{x}\"" : x));

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"option '--{name}' is required");

    public string Optional(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public bool Has(string name) => _values.ContainsKey(name);

    public bool Flag(string name) => _flags.Contains(name);

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>An integer option that must lie in a range; the message names the option.</summary>
    public int Int(string name, int fallback, int min, int max)
    {
        if (!_values.TryGetValue(name, out var v))
        {
            return fallback;
        }

        if (!int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new ArgumentException($"option '--{name}' must be an integer from {min} to {max}, got '{v}'");
        }

        return value;
    }

    /// <summary>A floating-point option that must lie in a range; the message names the option.</summary>
    public double Double(string name, double fallback, double min, double max)
    {
        if (!_values.TryGetValue(name, out var v))
        {
            return fallback;
        }

        if (!double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
        {
            throw new ArgumentException($"option '--{name}' must be a number from {min} to {max}, got '{v}'");
        }

        return value;
    }
}
