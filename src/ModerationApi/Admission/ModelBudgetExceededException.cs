namespace ModerationApi.Admission;

/// <summary>A request needs more model work than one request may have (413); nothing of it ran.</summary>
internal sealed class ModelBudgetExceededException(long cost, int budget)
    : Exception($"The request needs {cost} model tokens; the budget per request is {budget}.")
{
    public long Cost { get; } = cost;

    public int Budget { get; } = budget;
}
