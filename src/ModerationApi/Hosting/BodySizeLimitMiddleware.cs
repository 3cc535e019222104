using Microsoft.Extensions.Options;

namespace ModerationApi.Hosting;

/// <summary>
/// Rejects bodies over the configured size with a ProblemDetails 413 before anything reads them: by Content-Length
/// up front, and for chunked bodies through the server's own limit, which the exception handler reports the same way.
/// </summary>
internal sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<ValidationOptions> options, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = options.Value.MaxBodyBytes;
        if (context.Request.ContentLength is { } length && length > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = Problems.TooLarge(limit) });
            return;
        }

        ErrorHandlingExtensions.RaiseServerLimit(context, limit);
        await next(context);
    }
}
