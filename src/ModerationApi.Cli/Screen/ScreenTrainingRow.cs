namespace ModerationApi.Cli.Screen;

/// <summary>A post the screen may see (an English view, no rule evidence), with what the full pipeline's English model made of it.</summary>
/// <param name="Post">The labelled row.</param>
/// <param name="Features">Hashed n-grams of the folded English view, one per occurrence.</param>
/// <param name="EnglishScore">The full pipeline's highest label score (review at 0.6); with no rule evidence, the English model's after the policy.</param>
/// <param name="Target">The encoder matters: <see cref="EnglishScore"/> at or above the margin.</param>
/// <param name="HeldOut">In the held-out part of train that sets the threshold.</param>
internal sealed record ScreenTrainingRow(LabelledPost Post, int[] Features, double EnglishScore, bool Target, bool HeldOut);
