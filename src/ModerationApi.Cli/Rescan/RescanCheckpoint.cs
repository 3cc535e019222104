namespace ModerationApi.Cli.Rescan;

/// <summary>
/// How far a rescan got, as of the last batch whose output and error lines were flushed to disk: the input offset
/// and line reached, the lengths the output and error files had then, and the totals so far. Anything in the files
/// past those lengths was written after the checkpoint and is cut off on resume.
/// </summary>
/// <param name="Job">What the checkpoint belongs to.</param>
/// <param name="InputOffset">Byte offset of the first record not yet done (always a record boundary).</param>
/// <param name="Lines">Physical input lines consumed up to <paramref name="InputOffset"/>.</param>
/// <param name="OutputLength">Length of the verdicts file at the checkpoint.</param>
/// <param name="ErrorsLength">Length of the errors file at the checkpoint.</param>
/// <param name="Complete">True once the whole archive is done.</param>
/// <param name="Tally">Totals up to <paramref name="InputOffset"/>.</param>
internal sealed record RescanCheckpoint(
    RescanJob Job,
    long InputOffset,
    long Lines,
    long OutputLength,
    long ErrorsLength,
    bool Complete,
    RescanTally Tally)
{
    /// <summary>The checkpoint format; a file with another version is refused rather than misread.</summary>
    public int Version { get; init; } = CurrentVersion;

    public const int CurrentVersion = 1;

    public static RescanCheckpoint Start(RescanJob job) => new(job, 0, 0, 0, 0, false, new RescanTally());

    /// <summary>
    /// Checks that the files on disk can be resumed from this checkpoint: the job matches, and neither file is shorter
    /// than recorded (a shorter file was truncated or replaced by something else, and cutting it back cannot repair it).
    /// </summary>
    /// <returns>Null when resumable, otherwise the reason.</returns>
    public string? CannotResume(RescanJob job, long outputLength, long errorsLength)
    {
        if (Version != CurrentVersion)
        {
            return $"checkpoint format {Version} is not {CurrentVersion}";
        }

        if (job.DifferenceFrom(Job) is { } difference)
        {
            return $"the checkpoint belongs to another job: {difference}";
        }

        if (outputLength < OutputLength)
        {
            return $"the output is {outputLength} bytes but the checkpoint recorded {OutputLength}: it was changed after the checkpoint";
        }

        return errorsLength < ErrorsLength
            ? $"the errors file is {errorsLength} bytes but the checkpoint recorded {ErrorsLength}: it was changed after the checkpoint"
            : null;
    }
}
