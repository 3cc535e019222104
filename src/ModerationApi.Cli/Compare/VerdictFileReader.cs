using System.Text.Json;

namespace ModerationApi.Cli.Compare;

/// <summary>Reads the facts a comparison needs from a verdicts file (the output of <c>rescan</c> or <c>collect</c>).</summary>
internal static class VerdictFileReader
{
    /// <exception cref="InvalidDataException">A line is not a verdict; the message names the file and line.</exception>
    public static IEnumerable<VerdictFacts> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"verdicts file not found: {path}");
        }

        var lineNumber = 0L;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            VerdictFacts facts;
            try
            {
                facts = Parse(line);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a verdict line ({ex.Message})", ex);
            }

            yield return facts;
        }
    }

    public static VerdictFacts Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var causes = new SortedSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("evidence", out var evidence) && evidence.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in evidence.EnumerateArray())
            {
                if (item.TryGetProperty("ruleId", out var ruleId) && ruleId.GetString() is { Length: > 0 } id)
                {
                    causes.Add(id);
                }
            }
        }

        return new VerdictFacts(
            root.GetProperty("id").GetString() ?? throw new InvalidOperationException("null id"),
            root.GetProperty("action").GetString() ?? throw new InvalidOperationException("null action"),
            [.. causes],
            root.TryGetProperty("rulesVersion", out var rules) ? rules.GetString() ?? "?" : "?",
            root.TryGetProperty("modelVersion", out var model) ? model.GetString() ?? "?" : "?");
    }
}
