namespace ModerationApi.Hosting;

/// <summary>
/// Refuses over-long request targets with a ProblemDetails 414. Kestrel answers targets past its own (larger) limit
/// itself, with an empty body, before any middleware runs; this limit sits below it so that every target a client is
/// likely to send by mistake gets a readable answer.
/// </summary>
internal sealed class RequestTargetLimitMiddleware(RequestDelegate next, IProblemDetailsService problems)
{
    /// <summary>The longest path and query accepted, in characters.</summary>
    public const int MaxTargetLength = 4096;

    /// <summary>Kestrel's own limit on the request line, set above ours.</summary>
    public const int ServerRequestLineLimit = 16 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var length = (request.PathBase.Value?.Length ?? 0) + (request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0);
        if (length > MaxTargetLength)
        {
            context.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = Problems.TargetTooLong(MaxTargetLength),
            });
            return;
        }

        await next(context);
    }
}
