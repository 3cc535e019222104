namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>How a CLI run ended and what it printed.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
