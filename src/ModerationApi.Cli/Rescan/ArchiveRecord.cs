namespace ModerationApi.Cli.Rescan;

/// <summary>One post read from an archive, or a malformed line and why.</summary>
/// <param name="Line">The physical line (1-based) the record starts on.</param>
/// <param name="Id">The post id; may be null for a malformed line.</param>
/// <param name="Text">The post text; empty for a malformed line.</param>
/// <param name="Fields">Other fields passed through to the verdict, in input order.</param>
/// <param name="Error">Why the line is malformed, or null for a post.</param>
internal sealed record ArchiveRecord(long Line, string? Id, string Text, IReadOnlyList<KeyValuePair<string, string>> Fields, string? Error)
{
    /// <summary>A post, or a malformed record when the API would refuse it (see <see cref="ApiLimits"/>).</summary>
    public static ArchiveRecord Post(long line, string id, string text, IReadOnlyList<KeyValuePair<string, string>> fields) =>
        ApiLimits.Problem(id, text) is { } problem ? Malformed(line, problem, id) : new(line, id, text, fields, null);

    public static ArchiveRecord Malformed(long line, string reason, string? id = null) => new(line, id, string.Empty, [], reason);
}
