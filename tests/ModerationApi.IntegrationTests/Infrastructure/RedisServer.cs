using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, in its own temporary folder, that tests can stop and start.
/// The test command installs redis-server; if it is missing this fails loudly rather than skipping. Stopping is a
/// SIGKILL; starting again reuses the port and the data folder, so with <see cref="AppendOnly"/> a restart recovers
/// every acknowledged write from the append-only file.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("moderation-redis-").FullName;
    private Process? _process;

    public int Port { get; } = FreePort();

    /// <summary>Run with <c>--appendonly yes --appendfsync always</c>: every write is on disk before Redis answers.</summary>
    public bool AppendOnly { get; init; }

    public string DataDirectory => _directory;

    public string ConnectionString => $"127.0.0.1:{Port}";

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        var executable = FindExecutable();
        _process = Process.Start(new ProcessStartInfo(executable)
        {
            ArgumentList =
            {
                "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", AppendOnly ? "yes" : "no", "--appendfsync", AppendOnly ? "always" : "everysec", "--dir", _directory,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on port {Port} within 10 s");
    }

    /// <summary>SIGKILL: no shutdown save, no flush beyond what the append-only settings already forced.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string FindExecutable()
    {
        foreach (var candidate in new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("redis-server is not installed. Run the test command from README.md (it installs it).");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
