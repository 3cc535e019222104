using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModerationApi.Storage.Review;

/// <summary>The JSON shape review data is stored and exported in: the API's (camelCase, enums as camelCase strings, nulls left out).</summary>
public static class ReviewJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
