using System.Globalization;
using System.Text;

namespace ModerationApi.Cli.Compare;

/// <summary>
/// <c>moderation compare</c>: what changed between two runs over the same archive, as a Markdown report (see
/// <see cref="ChangeReport"/>). <c>rescan</c> and <c>collect</c> write the same report when given <c>--previous</c>.
/// </summary>
internal static class CompareCommand
{
    public const string Usage = "moderation compare  --before <old-verdicts.jsonl> --after <new-verdicts.jsonl> --out <changes.md> [--samples 10]";

    public const int DefaultSamples = 10;

    public static int Run(string[] args)
    {
        var a = new Arguments(args, "before", "after", "out", "samples");
        var before = Path.GetFullPath(a.Required("before"));
        var after = Path.GetFullPath(a.Required("after"));
        var output = Path.GetFullPath(a.Required("out"));
        var changes = Write(before, after, output, a.Int("samples", DefaultSamples, 0, 10_000));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{changes.Changed:N0} verdicts changed of {changes.Compared:N0} compared; report in {output}"));
        return 0;
    }

    /// <summary>Compares two verdicts files and writes the report; the earlier file is indexed in memory, the later streamed.</summary>
    public static VerdictChanges Write(string before, string after, string report, int samples)
    {
        if (new[] { before, after }.Contains(report, StringComparer.Ordinal))
        {
            throw new ArgumentException("the report must not overwrite a verdicts file");
        }

        var changes = new VerdictChanges(PreviousVerdicts.Load(VerdictFileReader.Read(before)), samples);
        foreach (var verdict in VerdictFileReader.Read(after))
        {
            changes.Add(verdict);
        }

        File.WriteAllText(report, ChangeReport.Format(changes, Path.GetFileName(before), Path.GetFileName(after)), new UTF8Encoding(false));
        return changes;
    }
}
