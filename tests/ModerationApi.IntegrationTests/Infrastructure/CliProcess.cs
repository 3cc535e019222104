using System.Diagnostics;

namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>
/// The real <c>moderation</c> CLI as a child process (<c>dotnet moderation.dll ...</c> from the test output), with its
/// stdout and stderr captured. <see cref="KillHard"/> is SIGKILL: no handler, no flush, no checkpoint.
/// </summary>
public sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private CliProcess(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "moderation.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("the CLI did not start");
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public static CliProcess Start(params string[] args) => new(args);

    /// <summary>Runs to the end; a guard timeout only keeps a hung CLI from hanging the suite.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var cli = Start(args);
        return await cli.WaitAsync();
    }

    public bool HasExited => _process.HasExited;

    public async Task<CliResult> WaitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return new CliResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public async Task KillHard()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
