namespace ModerationApi.Cli;

/// <summary>One row of a JSON Lines data file.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Text">The post text.</param>
/// <param name="Label">The row's label.</param>
/// <param name="Source">The file (data set) it came from, without extension.</param>
/// <param name="Language">The <c>lang</c> field, if any.</param>
/// <param name="Group">Author or other grouping for held-out splits, or the id.</param>
/// <param name="Extra">Other string fields (ideology, zero_shot_gpt4o, category ...).</param>
internal sealed record LabelledPost(string Id, string Text, string Label, string Source, string? Language, string Group, IReadOnlyDictionary<string, string> Extra);
