namespace ModerationApi.Benchmarks;

/// <summary>One post of the screen harness's traffic mix (its text stays in memory, never written anywhere).</summary>
/// <param name="Id">The eval row's id.</param>
/// <param name="Text">The post.</param>
/// <param name="Key">File and label, for the per-source lines.</param>
/// <param name="Lang">The row's <c>lang</c> field, if any.</param>
/// <param name="Positive">Counted as a positive of the mix.</param>
internal sealed record MixRow(string Id, string Text, string Key, string? Lang, bool Positive);
