namespace ModerationApi.Cli.Rescan;

/// <summary>
/// One line of the errors file: where the malformed record starts and why it was skipped. The record's text is not
/// copied: the line number is enough to find it, and the errors file should not become a second copy of the archive.
/// </summary>
/// <param name="Line">The physical line (1-based) the record starts on.</param>
/// <param name="Id">The record's id, when it could be read.</param>
/// <param name="Reason">What is wrong with it.</param>
internal sealed record ErrorLine(long Line, string? Id, string Reason);
