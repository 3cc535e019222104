using Microsoft.AspNetCore.Http.Features;

namespace ModerationApi.Hosting;

/// <summary>Every error leaves as RFC 9457 ProblemDetails: bad bodies, auth, limits and unexpected exceptions.</summary>
internal static class ErrorHandlingExtensions
{
    public static WebApplicationBuilder AddErrorHandling(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier;

            // Answers the framework writes itself (status code pages) still say what was wrong.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && !context.ProblemDetails.Extensions.ContainsKey("field"))
            {
                context.ProblemDetails.Detail ??= Problems.UnsupportedMediaType().Detail;
                context.ProblemDetails.Extensions["field"] = "Content-Type";
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOptions<ValidationOptions>().BindConfiguration(ValidationOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Binding failures (malformed JSON, invalid UTF-8, wrong content type) throw so the handler can name the reason.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        return app;
    }

    /// <summary>Disables Kestrel's own limit where ours applies, so both report the same ProblemDetails.</summary>
    public static void RaiseServerLimit(HttpContext context, long limit)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = limit;
        }
    }
}
