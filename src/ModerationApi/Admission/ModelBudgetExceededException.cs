namespace ModerationApi.Admission;

/// <summary>
/// A request needs more model work than one request may have (413); nothing of it ran. Counting stops once the budget
/// is passed, so <see cref="Cost"/> is what the first <see cref="Counted"/> of <see cref="Posts"/> posts need.
/// </summary>
internal sealed class ModelBudgetExceededException(long cost, int budget, int counted, int of)
    : Exception($"The request needs at least {cost} model tokens; the budget per request is {budget}.")
{
    public long Cost { get; } = cost;

    public int Budget { get; } = budget;

    public int Counted { get; } = counted;

    public int Posts { get; } = of;
}
