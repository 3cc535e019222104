using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModerationApi.Hosting;

/// <summary>camelCase JSON with enums as camelCase strings ("allow", "review", "block"); duplicate property names are refused.</summary>
internal static class JsonExtensions
{
    public static WebApplicationBuilder AddJson(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

            // {"text":"a","text":"b"} would be read as "b" here and as "a" by a proxy or log that takes the first:
            // a body that means two things is refused (400 naming the property).
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        return builder;
    }

}
