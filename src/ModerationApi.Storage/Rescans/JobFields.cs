namespace ModerationApi.Storage.Rescans;

/// <summary>Field names of the job hash, shared by the commands that write it and everything that reads it.</summary>
public static class JobFields
{
    /// <summary>Full path of the archive.</summary>
    public const string Input = "input";

    /// <summary><c>jsonl</c> or <c>csv</c>.</summary>
    public const string Format = "format";

    /// <summary>The text field or column.</summary>
    public const string TextColumn = "textColumn";

    /// <summary>The id field or column.</summary>
    public const string IdColumn = "idColumn";

    /// <summary>Number of chunks.</summary>
    public const string Total = "total";

    /// <summary>Records (posts and malformed lines) in the archive, counted at submit.</summary>
    public const string Records = "records";

    /// <summary>Records per chunk asked for at submit.</summary>
    public const string ChunkRecords = "chunkRecords";

    /// <summary>Where chunk files go, when given at submit.</summary>
    public const string OutputDir = "outputDir";

    /// <summary>Unix milliseconds of the submit.</summary>
    public const string SubmittedAt = "submittedAt";

    /// <summary>Unix milliseconds at which a worker first took a chunk.</summary>
    public const string StartedAt = "startedAt";

    /// <summary>Unix milliseconds of the last acknowledged chunk.</summary>
    public const string UpdatedAt = "updatedAt";

    /// <summary>Chunks written and acknowledged.</summary>
    public const string Done = "done";

    /// <summary>Chunks acknowledged as failed.</summary>
    public const string Failed = "failed";

    /// <summary>Posts given a verdict in acknowledged chunks.</summary>
    public const string Posts = "posts";

    /// <summary>Malformed records in acknowledged chunks.</summary>
    public const string Errors = "errors";

    /// <summary>The rule sets version every worker of the job must run.</summary>
    public const string RulesVersion = "rulesVersion";

    /// <summary>The classifier version (or <c>none</c>) every worker of the job must run.</summary>
    public const string ModelVersion = "modelVersion";

    /// <summary>The policy version every worker of the job must run.</summary>
    public const string PolicyVersion = "policyVersion";

    /// <summary>Prefix of one field per failed chunk holding why it failed.</summary>
    public const string FailurePrefix = "failure:";
}
