using System.Security.Cryptography;
using System.Text.Json;

namespace ModerationApi.Cli;

/// <summary>Reads labelled JSON Lines files (the shared data sets and the project's corpus).</summary>
internal static class DataFiles
{
    // "pair" joins the corpus's same-topic rows of opposite stance and "group" a Multitarget-CONAN statement with its
    // reply, so neither is split between training and held-out rows; they come before "author", which in the corpus
    // names the writer of a whole file.
    private static readonly string[] GroupFields = ["pair", "group", "username", "user", "author", "account", "user_id"];

    /// <summary>The first 16 hex digits of a file's SHA-256, as training summaries record the data they read.</summary>
    public static string HashPrefix(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
    }

    public static List<LabelledPost> ReadFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"data folder not found: {folder}");
        }

        var rows = new List<LabelledPost>();
        foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            rows.AddRange(ReadFile(file));
        }

        return rows;
    }

    public static IEnumerable<LabelledPost> ReadFile(string path)
    {
        var source = Path.GetFileNameWithoutExtension(path);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var extra = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String && property.Name is not ("text" or "id" or "label"))
                {
                    extra[property.Name] = property.Value.GetString()!;
                }
            }

            var id = root.TryGetProperty("id", out var idElement) ? idElement.ToString() : $"{source}-{lineNumber}";
            var group = GroupFields.Select(f => extra.GetValueOrDefault(f)).FirstOrDefault(g => !string.IsNullOrEmpty(g)) ?? id;
            yield return new LabelledPost(
                id,
                root.GetProperty("text").GetString() ?? string.Empty,
                root.GetProperty("label").GetString() ?? string.Empty,
                source,
                extra.GetValueOrDefault("lang"),
                $"{source}:{group}",
                extra);
        }
    }
}
