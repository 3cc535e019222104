namespace ModerationApi.Rules;

/// <summary>The rule sets in force.</summary>
/// <param name="Version">The rules version every verdict carries.</param>
/// <param name="RuleSets">One entry per rule file.</param>
/// <param name="SanctionedAddresses">Addresses loaded from sanctions lists.</param>
public sealed record RulesResponse(string Version, IReadOnlyList<RuleSetInfo> RuleSets, int SanctionedAddresses);
