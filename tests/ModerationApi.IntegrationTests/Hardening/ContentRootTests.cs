using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModerationApi.IntegrationTests.Hardening;

/// <summary>
/// Issue 10, case 6: started from a directory without appsettings.json (the repository root, say), the service still
/// reads the one beside its executable. Its log levels are the visible sign: the file quiets ASP.NET Core's per-request
/// Information lines, which the framework's defaults would print.
/// </summary>
public sealed class ContentRootTests
{
    [Fact]
    public async Task StartedFromAnotherDirectoryTheServiceReadsTheSettingsBesideItsExecutable()
    {
        var elsewhere = Directory.CreateTempSubdirectory("moderation-cwd-");
        var port = FreePort();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = elsewhere.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ModerationApi.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Classifier__Enabled"] = "false";
        start.Environment["MODERATION_API_KEY"] = "content-root-test-key";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            HttpStatusCode? status = null;
            while (status is null)
            {
                try
                {
                    status = (await client.GetAsync("/health/live", guard.Token)).StatusCode;
                }
                catch (HttpRequestException) when (!process.HasExited)
                {
                    await Task.Delay(100, guard.Token);
                }
            }

            Assert.Equal(HttpStatusCode.OK, status);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            elsewhere.Delete(recursive: true);
        }

        var log = await stdout;
        Assert.Contains("Now listening on", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Request starting", log, StringComparison.Ordinal);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
