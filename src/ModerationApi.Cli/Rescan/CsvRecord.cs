namespace ModerationApi.Cli.Rescan;

/// <summary>One CSV record, or why it could not be read.</summary>
/// <param name="Line">The physical line (1-based) the record starts on.</param>
/// <param name="Fields">The decoded fields; empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the record is malformed, or null.</param>
internal sealed record CsvRecord(long Line, IReadOnlyList<string> Fields, string? Error);
