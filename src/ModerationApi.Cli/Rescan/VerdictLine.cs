using ModerationApi.Engine.Languages;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;

namespace ModerationApi.Cli.Rescan;

/// <summary>
/// One line of a rescan's output: the service's verdict for the post (without <c>cached</c>, which would make two runs
/// over the same archive differ) and the input fields that pass through.
/// </summary>
internal sealed record VerdictLine(
    string Id,
    ModerationAction Action,
    bool Flagged,
    IReadOnlyDictionary<string, LabelResult> Labels,
    IReadOnlyList<Evidence> Evidence,
    string ModelVersion,
    string RulesVersion,
    IReadOnlyDictionary<string, string>? Fields)
{
    /// <summary>The languages found and whether a model read each, as in the API's verdict.</summary>
    public IReadOnlyList<LanguageCoverage> Coverage { get; init; } = [];

    public static VerdictLine From(Verdict verdict, ArchiveRecord record)
    {
        Dictionary<string, string>? fields = null;
        if (record.Fields.Count > 0)
        {
            fields = new Dictionary<string, string>(record.Fields.Count, StringComparer.Ordinal);
            foreach (var (name, value) in record.Fields)
            {
                fields.TryAdd(name, value);   // a repeated name keeps its first value
            }
        }

        return new VerdictLine(record.Id!, verdict.Action, verdict.Flagged, verdict.Labels, verdict.Evidence, verdict.ModelVersion, verdict.RulesVersion, fields)
        {
            Coverage = verdict.Coverage,
        };
    }
}
