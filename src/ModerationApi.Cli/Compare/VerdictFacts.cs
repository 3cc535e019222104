namespace ModerationApi.Cli.Compare;

/// <summary>What a comparison needs from one verdict line: no post text, no evidence spans.</summary>
/// <param name="Id">The post id.</param>
/// <param name="Action"><c>allow</c>, <c>review</c> or <c>block</c>.</param>
/// <param name="Causes">Distinct rule ids of the evidence (model evidence is <c>model.{label}</c>), sorted.</param>
/// <param name="RulesVersion">The rule sets version the verdict was made with.</param>
/// <param name="ModelVersion">The classifier version the verdict was made with.</param>
internal sealed record VerdictFacts(string Id, string Action, IReadOnlyList<string> Causes, string RulesVersion, string ModelVersion);
