using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModerationApi.Hosting;

/// <summary>camelCase JSON with enums as camelCase strings ("allow", "review", "block").</summary>
internal static class JsonExtensions
{
    public static WebApplicationBuilder AddJson(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

}
