using Microsoft.AspNetCore.Mvc;
using ModerationApi.Hosting;

namespace ModerationApi.Admission;

/// <summary>A request's posts waited for the model past <see cref="AdmissionOptions.ModelDeadline"/> and were dropped (503).</summary>
internal sealed class ModelDeadlineException(TimeSpan deadline, Exception inner)
    : Exception($"The posts waited for the model longer than {deadline.TotalSeconds:0.#} s.", inner), IProblemException
{
    public TimeSpan Deadline { get; } = deadline;

    public ProblemDetails ToProblem(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The model did not get to this request in time.",
            Detail = $"Posts of this request waited for the model longer than {Deadline.TotalSeconds:0.#} s and were dropped. Retry after 5 s.",
            Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
            Extensions = { ["retryAfterSeconds"] = 5 },
        };
    }
}
