namespace ModerationApi.Engine.Rules;

/// <summary>
/// Addresses from sanctions lists, one file per asset with one address per line (the layout of the OFAC SDN extract:
/// <c>sanctioned_addresses_XMR.txt</c>, <c>sanctioned_addresses_ETH.txt</c>, ...). A hit names the list it came from.
/// </summary>
internal sealed class SanctionsList
{
    private readonly Dictionary<string, string> _listByAddress;

    private SanctionsList(Dictionary<string, string> listByAddress, string contentHashInput)
    {
        _listByAddress = listByAddress;
        ContentFingerprint = contentHashInput;
    }

    /// <summary>An empty list.</summary>
    public static SanctionsList Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal), string.Empty);

    /// <summary>The number of addresses loaded.</summary>
    public int Count => _listByAddress.Count;

    /// <summary>The file names and sizes that make up the list, folded into the rules version.</summary>
    public string ContentFingerprint { get; }

    /// <summary>Loads every <c>*.txt</c> file of a folder.</summary>
    /// <exception cref="RuleFileException">The folder does not exist or a line is not a plausible address.</exception>
    public static SanctionsList Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RuleFileException(directory, 0, "sanctions list folder does not exist");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var fingerprint = new System.Text.StringBuilder();
        foreach (var path in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            var lineNumber = 0;
            foreach (var raw in File.ReadLines(path))
            {
                lineNumber++;
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                if (line.Length is < 20 or > 120 || line.Contains(' ', StringComparison.Ordinal))
                {
                    throw new RuleFileException(name, lineNumber, "not an address (expected one address per line)");
                }

                map.TryAdd(Key(line), name);
                fingerprint.Append(name).Append(':').Append(line).Append('\n');
            }
        }

        return new SanctionsList(map, fingerprint.ToString());
    }

    /// <summary>Finds the list that carries an address.</summary>
    public bool TryFind(string address, out string listName)
    {
        if (_listByAddress.TryGetValue(Key(address), out var name))
        {
            listName = name;
            return true;
        }

        listName = string.Empty;
        return false;
    }

    // Hex (Ethereum-style) addresses are case-insensitive; base58 and bech32 keys keep their case.
    private static string Key(string address) =>
        address.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? address.ToLowerInvariant() : address;
}
