namespace ModerationApi.Cli.ScaleOut;

/// <summary>Field names of the job hash, shared by the commands that write and read it.</summary>
internal static class JobFields
{
    public const string Input = "input";
    public const string Format = "format";
    public const string TextColumn = "textColumn";
    public const string IdColumn = "idColumn";
    public const string Total = "total";
    public const string ChunkRecords = "chunkRecords";
    public const string OutputDir = "outputDir";
    public const string SubmittedAt = "submittedAt";
    public const string UpdatedAt = "updatedAt";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Posts = "posts";
    public const string Errors = "errors";

    /// <summary>Prefix of one field per failed chunk holding why it failed.</summary>
    public const string FailurePrefix = "failure:";
}
