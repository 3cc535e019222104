namespace ModerationApi.Cli.Arabic;

/// <summary>A training row with its hashed features (no text kept beyond the source row).</summary>
/// <param name="Post">The labelled row.</param>
/// <param name="Features">Feature buckets, one per occurrence.</param>
/// <param name="Weight">The row's weight.</param>
/// <param name="Propaganda">Propaganda target, or null when the row says nothing about it.</param>
/// <param name="Financing">Financing target, or null.</param>
/// <param name="Fold">Cross-validation fold (by group).</param>
internal sealed record ArabicTrainingRow(LabelledPost Post, int[] Features, float Weight, bool? Propaganda, bool? Financing, int Fold);
