using System.Text.Json;
using System.Text.Json.Serialization;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Storage.Caching;

/// <summary>JSON for cached assessments. Assessments hold labels, spans and rule ids, never post text.</summary>
public static class AssessmentSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(Assessment assessment) => JsonSerializer.SerializeToUtf8Bytes(assessment, Options);

    /// <summary>Reads a cached value; a value this version cannot read is treated as a miss.</summary>
    public static Assessment? TryDeserialize(ReadOnlySpan<byte> json)
    {
        try
        {
            var assessment = JsonSerializer.Deserialize<Assessment>(json, Options);

            // A value written by another build may lack fields; a partial assessment is a miss, not a 500.
            return assessment is { Labels: not null, Evidence: not null, ModelVersion: not null, RulesVersion: not null }
                && Engine.Policy.Labels.All.All(assessment.Labels.ContainsKey)
                ? assessment
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
