using Microsoft.AspNetCore.Mvc;

namespace ModerationApi.Hosting;

/// <summary>The ProblemDetails this API returns, in one place so titles and types stay consistent.</summary>
internal static class Problems
{
    public static ProblemDetails InvalidBody(string detail, string field) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "The request body is invalid.",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        Extensions = { ["field"] = field },
    };

    public static ProblemDetails TooLarge(long? limit) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request body is too large.",
        Detail = limit is { } l ? $"The request body must be at most {l} bytes." : "The request body exceeds the allowed size.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        Extensions = { ["field"] = "body" },
    };

    public static ProblemDetails TargetTooLong(int limit) => new()
    {
        Status = StatusCodes.Status414UriTooLong,
        Title = "The request URI is too long.",
        Detail = $"The path and query must be at most {limit} characters.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.15",
        Extensions = { ["field"] = "uri" },
    };

    public static ProblemDetails UnsupportedMediaType() => new()
    {
        Status = StatusCodes.Status415UnsupportedMediaType,
        Title = "Unsupported media type.",
        Detail = "Send the request body as application/json.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        Extensions = { ["field"] = "Content-Type" },
    };

    public static ProblemDetails InvalidParameter(string detail, string field) => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "A request parameter is invalid.",
        Detail = detail,
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        Extensions = { ["field"] = field },
    };

    public static ProblemDetails RescanJobNotFound(string jobId) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = "No such rescan job.",
        Detail = $"No rescan job '{jobId}' was submitted to this service's Redis.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        Extensions = { ["field"] = "jobId" },
    };

    public static ProblemDetails RescansUnavailable(bool notConfigured) => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Title = "Rescan jobs are unavailable.",
        Detail = notConfigured
            ? "Rescan jobs live on Redis and this service has no ConnectionStrings:Redis configured."
            : "The Redis that holds rescan jobs is unreachable. Try again.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
    };

    public static ProblemDetails NotFound(string what, string id) => new()
    {
        Status = StatusCodes.Status404NotFound,
        Title = $"No such {what}.",
        Detail = $"There is no {what} with id '{id}'.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        Extensions = { ["field"] = "id" },
    };

    public static ProblemDetails AlreadyDecided(string id, string status) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The review item is already decided.",
        Detail = $"Review item '{id}' is {status}; confirmed and dismissed items are final.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        Extensions = { ["field"] = "id", ["itemStatus"] = status },
    };

    public static ProblemDetails DecisionContended(string id) => new()
    {
        Status = StatusCodes.Status409Conflict,
        Title = "The review item kept changing.",
        Detail = $"Other decisions on review item '{id}' kept changing it while this one was recorded; nothing was recorded. Reload the item and decide again.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        Extensions = { ["field"] = "id" },
    };
}
