using Scalar.AspNetCore;

namespace ModerationApi.ApiDocs;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and an interactive reference at <c>/scalar/v1</c>.</summary>
internal static class ApiDocsExtensions
{
    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "ModerationApi";
                document.Info.Description = "Finds extremist propaganda and terrorist fundraising appeals in posts, with evidence for every score. Send your key in X-Api-Key.";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<OpenApiSecurityTransformer>();
            options.AddDocumentTransformer<OpenApiSecurityTransformer>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }
}
