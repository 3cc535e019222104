using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// The output JSON: the service's conventions (camelCase, enums as camelCase strings, nulls left out), one compact
/// object per line. Non-ASCII text is written as is rather than as \u escapes: the file is data, not HTML, and Arabic
/// evidence stays readable.
/// </summary>
internal static class RescanJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The value as one line of UTF-8 JSON, newline included.</summary>
    public static byte[] Line<T>(T value)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        var line = new byte[json.Length + 1];
        json.CopyTo(line, 0);
        line[^1] = (byte)'\n';
        return line;
    }
}
