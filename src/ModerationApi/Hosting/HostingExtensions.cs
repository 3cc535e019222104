using Microsoft.Extensions.Configuration.Json;

namespace ModerationApi.Hosting;

/// <summary>
/// How the service is hosted: its settings file found wherever it is started from, Kestrel's limits, and the headers
/// and limits every request meets.
/// </summary>
internal static class HostingExtensions
{
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        UseSettingsBesideExecutable(builder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = RequestTargetLimitMiddleware.ServerRequestLineLimit);
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestTargetLimitMiddleware>();
        return app;
    }

    // The content root is the working directory, so `dotnet run --project src/ModerationApi` from the repository root,
    // or the executable started from elsewhere, would run without appsettings.json. When the content root has none,
    // the copy beside the executable is read instead, at the same place among the sources (environment variables and
    // the command line still override it).
    private static void UseSettingsBesideExecutable(WebApplicationBuilder builder)
    {
        const string FileName = "appsettings.json";
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, FileName);
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, FileName)) || !File.Exists(besideExecutable))
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        var at = 0;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: FileName })
            {
                at = i + 1;
                break;
            }
        }

        var source = new JsonConfigurationSource { Path = FileName, Optional = true, ReloadOnChange = false };
        source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(AppContext.BaseDirectory);
        sources.Insert(at, source);
    }
}
