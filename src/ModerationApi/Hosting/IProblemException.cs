using Microsoft.AspNetCore.Mvc;

namespace ModerationApi.Hosting;

/// <summary>
/// An exception a feature throws that already knows its ProblemDetails (status, headers such as Retry-After, fields),
/// so the error mapping here needs to know no feature.
/// </summary>
internal interface IProblemException
{
    /// <summary>The answer, setting any headers it needs on <paramref name="context"/>.</summary>
    ProblemDetails ToProblem(HttpContext context);
}
