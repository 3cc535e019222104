namespace ModerationApi.Cli.Rescan;

/// <summary>
/// What a checkpoint belongs to. A resumed run must match it field by field: a different input, column, batch size,
/// model or rules version would mix two runs in one output file.
/// </summary>
/// <param name="Input">Full path of the archive.</param>
/// <param name="InputLength">Its length in bytes.</param>
/// <param name="Errors">Full path of the errors file, whose length the checkpoint also records.</param>
/// <param name="InputHead">SHA-256 of its first 64 KiB, so a different file of the same length is noticed cheaply.</param>
/// <param name="Format"><c>jsonl</c> or <c>csv</c>.</param>
/// <param name="TextColumn">The text field or column.</param>
/// <param name="IdColumn">The id field or column.</param>
/// <param name="Batch">Posts per batch: part of the identity because model scores may depend on batch company.</param>
/// <param name="ModelVersion">The classifier version, or <c>none</c>.</param>
/// <param name="RulesVersion">The rule sets version.</param>
internal sealed record RescanJob(
    string Input,
    long InputLength,
    string InputHead,
    string Errors,
    string Format,
    string TextColumn,
    string IdColumn,
    int Batch,
    string ModelVersion,
    string RulesVersion)
{
    /// <summary>The first difference from <paramref name="other"/>, described for the user, or null if none.</summary>
    public string? DifferenceFrom(RescanJob other)
    {
        (string Name, string Here, string There)[] fields =
        [
            ("input", Input, other.Input),
            ("input length", InputLength.ToString(System.Globalization.CultureInfo.InvariantCulture), other.InputLength.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("input content", InputHead, other.InputHead),
            ("errors file", Errors, other.Errors),
            ("format", Format, other.Format),
            ("text column", TextColumn, other.TextColumn),
            ("id column", IdColumn, other.IdColumn),
            ("batch", Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), other.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("model version", ModelVersion, other.ModelVersion),
            ("rules version", RulesVersion, other.RulesVersion),
        ];
        foreach (var (name, here, there) in fields)
        {
            if (!string.Equals(here, there, StringComparison.Ordinal))
            {
                return $"{name} was '{there}', now '{here}'";
            }
        }

        return null;
    }
}
