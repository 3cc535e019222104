using Microsoft.AspNetCore.Mvc;
using ModerationApi.Hosting;

namespace ModerationApi.Admission;

/// <summary>
/// A request needs more model work than one request may have (413); nothing of it ran. Counting stops once the budget
/// is passed, so <see cref="Cost"/> is what the first <see cref="Counted"/> of <see cref="Posts"/> posts need.
/// </summary>
internal sealed class ModelBudgetExceededException(long cost, int budget, int counted, int of)
    : Exception($"The request needs at least {cost} model tokens; the budget per request is {budget}."), IProblemException
{
    public long Cost { get; } = cost;

    public int Budget { get; } = budget;

    public int Counted { get; } = counted;

    public int Posts { get; } = of;

    public ProblemDetails ToProblem(HttpContext context) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "The request needs too much model work.",
        Detail = (Counted < Posts
                ? $"The first {Counted} of these {Posts} posts already need {Cost} model tokens"
                : $"These posts need {Cost} model tokens")
            + $"; one request may need at most {Budget}. Send fewer or shorter posts per request. Nothing from this request was processed.",
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        Extensions = { ["field"] = "items", ["modelTokens"] = Cost, ["maxRequestTokens"] = Budget },
    };
}
