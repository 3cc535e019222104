namespace ModerationApi.Benchmarks;

/// <summary>Summaries of per-round measurements shared by the harnesses.</summary>
internal static class RoundStats
{
    /// <summary>The median (the mean of the middle two for an even count); the list is left as it was.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
