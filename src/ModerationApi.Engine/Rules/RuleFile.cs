using System.Globalization;

namespace ModerationApi.Engine.Rules;

/// <summary>
/// A parsed rule file. The format is kept plain so trust-and-safety staff can edit it:
/// <c>#</c> starts a comment, <c>@key value</c> sets a header field, <c>[name key=value ...]</c> starts a section,
/// and every other non-empty line is one term of the current section (<c>term | case</c> makes it case-sensitive).
/// </summary>
public sealed class RuleFile
{
    private RuleFile(string fileName, string id, IReadOnlyDictionary<string, string> header, IReadOnlyList<RuleSection> sections)
    {
        FileName = fileName;
        Id = id;
        Header = header;
        Sections = sections;
    }

    /// <summary>The file name the rules came from.</summary>
    public string FileName { get; }

    /// <summary>The rule set id (the <c>@id</c> header), used as the prefix of every rule id it produces.</summary>
    public string Id { get; }

    /// <summary>All <c>@key value</c> header fields.</summary>
    public IReadOnlyDictionary<string, string> Header { get; }

    /// <summary>The sections in file order.</summary>
    public IReadOnlyList<RuleSection> Sections { get; }

    /// <summary>The total number of terms over all sections.</summary>
    public int TermCount => Sections.Sum(s => s.Terms.Count);

    /// <summary>Finds a section by name.</summary>
    public RuleSection? Section(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>Reads a header field as a number, or returns the fallback.</summary>
    public double HeaderNumber(string key, double fallback) =>
        Header.TryGetValue(key, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : fallback;

    /// <summary>Parses rule-file text.</summary>
    /// <exception cref="RuleFileException">The text is not a valid rule file; the message names the line.</exception>
    // Long on purpose: one pass over the lines with the section state in locals, so every error names its line.
    public static RuleFile Parse(string fileName, string content)
    {
        var header = new Dictionary<string, string>(StringComparer.Ordinal);
        var sections = new List<RuleSection>();
        string? sectionName = null;
        Dictionary<string, string>? sectionAttributes = null;
        List<RuleTerm>? terms = null;

        void CloseSection(int line)
        {
            if (sectionName is null)
            {
                return;
            }

            if (terms!.Count == 0)
            {
                throw new RuleFileException(fileName, line, $"section [{sectionName}] has no terms");
            }

            sections.Add(new RuleSection(sectionName, sectionAttributes!, terms));
        }

        var lineNumber = 0;
        foreach (var rawLine in content.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(rawLine).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '@')
            {
                if (sectionName is not null)
                {
                    throw new RuleFileException(fileName, lineNumber, "header fields (@key value) must come before the first section");
                }

                var space = line.IndexOfAny([' ', '\t']);
                if (space < 2)
                {
                    throw new RuleFileException(fileName, lineNumber, "a header field needs a name and a value: @key value");
                }

                var key = line[1..space];
                if (!header.TryAdd(key, line[(space + 1)..].Trim()))
                {
                    throw new RuleFileException(fileName, lineNumber, $"header field @{key} is set twice");
                }
            }
            else if (line[0] == '[')
            {
                if (line[^1] != ']')
                {
                    throw new RuleFileException(fileName, lineNumber, "a section header must end with ']'");
                }

                CloseSection(lineNumber);
                var parts = line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 0)
                {
                    throw new RuleFileException(fileName, lineNumber, "a section needs a name");
                }

                // A section name may repeat with other attributes (entities of several groups, say).
                sectionName = parts[0];

                sectionAttributes = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var attribute in parts.AsSpan(1))
                {
                    var eq = attribute.IndexOf('=', StringComparison.Ordinal);
                    if (eq <= 0 || eq == attribute.Length - 1)
                    {
                        throw new RuleFileException(fileName, lineNumber, $"section attribute '{attribute}' must look like key=value");
                    }

                    var value = attribute[(eq + 1)..];
                    if (attribute[..eq] == "weight" && !IsProbability(value))
                    {
                        throw new RuleFileException(fileName, lineNumber, $"weight '{value}' must be a number from 0 to 1");
                    }

                    sectionAttributes[attribute[..eq]] = value;
                }

                terms = [];
            }
            else
            {
                if (terms is null)
                {
                    throw new RuleFileException(fileName, lineNumber, "a term must be inside a [section]");
                }

                var caseSensitive = false;
                var bar = line.LastIndexOf('|');
                if (bar >= 0)
                {
                    var flag = line[(bar + 1)..].Trim();
                    if (flag != "case")
                    {
                        throw new RuleFileException(fileName, lineNumber, $"unknown term flag '{flag}' (only '| case' is known)");
                    }

                    caseSensitive = true;
                    line = line[..bar].Trim();
                }

                if (line.Length == 0)
                {
                    throw new RuleFileException(fileName, lineNumber, "empty term");
                }

                terms.Add(new RuleTerm(line, lineNumber, caseSensitive));
            }
        }

        CloseSection(lineNumber);
        if (!header.TryGetValue("id", out var id) || id.Length == 0)
        {
            throw new RuleFileException(fileName, 0, "the file needs an @id header");
        }

        return new RuleFile(fileName, id, header, sections);
    }

    private static bool IsProbability(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1;

    // '#' starts a comment unless it is part of a term such as "IS-NEWS #01": a comment needs a space or line start before it.
    private static string StripComment(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])) && (i + 1 == line.Length || char.IsWhiteSpace(line[i + 1])))
            {
                return line[..i];
            }
        }

        return line.TrimEnd('\r');
    }
}
