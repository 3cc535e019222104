using Microsoft.AspNetCore.Mvc;
using ModerationApi.Hosting;

namespace ModerationApi.Admission;

/// <summary>An API key has used its model tokens for the current window (429); nothing of the request ran.</summary>
internal sealed class KeyModelLimitException(long cost, int limit, TimeSpan window, TimeSpan retryAfter)
    : Exception($"The key is over its {limit} model tokens per {window.TotalSeconds:0} s."), IProblemException
{
    public long Cost { get; } = cost;

    public int Limit { get; } = limit;

    public TimeSpan Window { get; } = window;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public ProblemDetails ToProblem(HttpContext context)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Title = "Too much model work.",
            Detail = $"This request needs {Cost} model tokens and this API key may use {Limit} per {Window.TotalSeconds:0} s; "
                + $"nothing from this request was processed. Retry after {seconds} s.",
            Type = "https://tools.ietf.org/html/rfc6585#section-4",
            Extensions = { ["retryAfterSeconds"] = seconds, ["modelTokens"] = Cost, ["keyTokensPerWindow"] = Limit },
        };
    }
}
