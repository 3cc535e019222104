namespace ModerationApi.Storage.Review;

/// <summary>The outcome of recording a decision, and the item afterwards (or as it stands, when already final).</summary>
/// <param name="Outcome">How it went.</param>
/// <param name="Item">The item, or null when not found.</param>
public sealed record DecisionResult(DecisionOutcome Outcome, ReviewItem? Item);
