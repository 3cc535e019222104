namespace ModerationApi.Rules;

/// <summary>One rule file.</summary>
/// <param name="Id">The rule set id (prefix of its rule ids).</param>
/// <param name="File">The file name.</param>
/// <param name="Description">What it covers.</param>
/// <param name="Terms">Total terms.</param>
/// <param name="Sections">Terms per section.</param>
public sealed record RuleSetInfo(string Id, string File, string Description, int Terms, IReadOnlyDictionary<string, int> Sections);
