namespace ModerationApi.Cli;

/// <summary>One command of the <c>moderation</c> tool.</summary>
/// <param name="Name">What follows <c>moderation</c> on the command line.</param>
/// <param name="Usage">Its options, as the help prints them.</param>
/// <param name="RunAsync">Runs it on the arguments after the name; returns the exit code.</param>
internal sealed record CliCommand(string Name, string Usage, Func<string[], Task<int>> RunAsync);
