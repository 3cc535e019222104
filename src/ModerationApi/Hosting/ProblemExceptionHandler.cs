using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using ModerationApi.Engine.Pipeline;
using StackExchange.Redis;

namespace ModerationApi.Hosting;

/// <summary>
/// Turns exceptions into ProblemDetails. Request errors keep their status (400, 413, 415) and say which field or
/// reason; anything else is a 500 whose detail never echoes the request.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            BadHttpRequestException bad => FromBadRequest(bad),
            JsonException json => InvalidJson(json),
            ModelQueueFullException full => Overloaded(httpContext, full),
            IProblemException known => known.ToProblem(httpContext),
            RedisException or RedisTimeoutException => StoreUnavailable(httpContext, exception),
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                return true;
            }

            logger.LogError(exception, "Unhandled exception on {Path}", httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "An unexpected error occurred.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    // The model queue is full: say when to come back instead of queueing without bound. Nothing was accepted.
    private static ProblemDetails Overloaded(HttpContext context, ModelQueueFullException full)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(full.RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The model is at capacity.",
            Detail = $"Too many posts are waiting for the model; nothing from this request was processed. Retry after {seconds} s.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            Extensions = { ["retryAfterSeconds"] = seconds },
        };
    }

    // Review data lives on Redis: when it is down the request can be retried, so it is a 503, not a 500. The exception
    // message names the endpoint and command, never post text, so it may be logged.
    private ProblemDetails StoreUnavailable(HttpContext context, Exception exception)
    {
        logger.LogWarning("Redis unavailable on {Path}: {Message}", context.Request.Path, exception.Message);
        context.Response.Headers.RetryAfter = "5";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The data store is unavailable.",
            Detail = "Redis, which holds review items and decisions, did not answer. Nothing was changed. Retry after 5 s.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            Extensions = { ["retryAfterSeconds"] = 5 },
        };
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            return InvalidJson(json);
        }

        return bad.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => Problems.TooLarge(null),
            StatusCodes.Status415UnsupportedMediaType => Problems.UnsupportedMediaType(),
            _ when IsInvalidUtf8(bad) => Problems.InvalidBody("The request body is not valid UTF-8.", "body"),
            _ => Problems.InvalidBody(bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase)
                ? "The request body is missing or could not be read as JSON."
                : "The request could not be read.", "body"),
        };
    }

    // JsonException messages include the JSON path ($.items[2].text) and the reason, never the document itself.
    private static ProblemDetails InvalidJson(JsonException json)
    {
        var field = string.IsNullOrEmpty(json.Path) ? "body" : json.Path.TrimStart('$', '.');
        if (IsDuplicateProperty(json))
        {
            return Problems.InvalidBody($"The property '{field}' appears more than once; send each property once.", field);
        }

        var reason = IsInvalidUtf8(json)
            ? "The request body is not valid UTF-8."
            : $"The request body is not valid JSON for this endpoint at '{(field.Length == 0 ? "body" : field)}'.";
        return Problems.InvalidBody(reason, field.Length == 0 ? "body" : field);
    }

    // System.Text.Json reports a repeated name (AllowDuplicateProperties = false) with this wording and the path of
    // the repeated property; it has no dedicated exception type.
    private static bool IsDuplicateProperty(JsonException json) =>
        json.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase);

    private static bool IsInvalidUtf8(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is System.Text.DecoderFallbackException)
            {
                return true;
            }
        }

        return false;
    }
}
