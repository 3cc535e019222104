namespace ModerationApi.Engine.Rules;

/// <summary>A rule file that cannot be loaded; names the file and the 1-based line so staff can fix it.</summary>
public sealed class RuleFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleFileException(string fileName, int line, string reason)
        : base(line > 0 ? $"{fileName}:{line}: {reason}" : $"{fileName}: {reason}")
    {
        FileName = fileName;
        Line = line;
        Reason = reason;
    }

    /// <summary>The file name (without folder).</summary>
    public string FileName { get; }

    /// <summary>The 1-based line, or 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>What is wrong.</summary>
    public string Reason { get; }
}
