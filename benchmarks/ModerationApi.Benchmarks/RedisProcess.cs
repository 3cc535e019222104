using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace ModerationApi.Benchmarks;

/// <summary>A redis-server on a free loopback port, without persistence, for the harnesses that need one.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConnectionMultiplexer _connection;

    private RedisProcess(Process process, ConnectionMultiplexer connection, string address)
    {
        _process = process;
        _connection = connection;
        Address = address;
    }

    public string Address { get; }

    public IDatabase Database => _connection.GetDatabase();

    public static async Task<RedisProcess> StartAsync(string folder)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("redis-server") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("redis-server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var address = $"127.0.0.1:{port}";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"{address},allowAdmin=true");
                return new RedisProcess(process, connection, address);
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task FlushAsync() => await _connection.GetServer(Address).FlushDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
