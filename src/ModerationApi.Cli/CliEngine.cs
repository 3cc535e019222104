using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModerationApi.Engine.Classifier;
using ModerationApi.Engine.KnownContent;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Engine.Screening;
using ModerationApi.Storage.Caching;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Cli;

/// <summary>
/// The engine of the commands that moderate, built as the service builds its own: the same sections (<c>Engine</c>,
/// <c>Policy</c>, <c>Classifier</c>, <c>Review</c>, <c>Cache</c>, <c>ConnectionStrings:Redis</c>) read from
/// <c>--settings</c> (the service's appsettings.json) and then the environment (<c>Policy__...</c>, as the service reads
/// it), so a rescan with the service's settings gives the service's verdicts. <c>--rules</c>, <c>--heads</c> and
/// <c>--no-model</c> override the settings; with a Redis (<c>--redis</c> or the connection string) the engine uses the
/// service's verdict cache and its reviewers' bank and allow list.
/// </summary>
internal static class CliEngine
{
    public const string SettingsOption = "settings";

    /// <summary>The option naming the encoder screen's model, or <c>none</c>.</summary>
    public const string ScreenOption = "screen";

    /// <summary>The <c>--screen</c> value that switches the encoder screen off.</summary>
    public const string NoScreen = "none";

    public const string Usage = "[--settings <appsettings.json>] [--rules <dir>] [--heads <heads.onnx> | --no-model]";

    /// <summary>The service's configuration: the settings file, if named, then the environment.</summary>
    public static IConfiguration Configuration(Arguments a)
    {
        var builder = new ConfigurationBuilder();
        if (a.Optional(SettingsOption) is { } settings)
        {
            var path = Path.GetFullPath(settings);
            builder.AddJsonFile(path, optional: false);
        }

        return builder.AddEnvironmentVariables().Build();
    }

    /// <summary>The Redis the settings name (<c>--redis</c> wins), or null.</summary>
    public static string? RedisAddress(Arguments a, IConfiguration configuration) =>
        a.Optional("redis") ?? (configuration.GetConnectionString("Redis") is { Length: > 0 } configured ? configured : null);

    /// <summary>
    /// Builds the engine; with <paramref name="redis"/>, on the service's verdict cache (unless <paramref name="cache"/>
    /// is false) and with the bank and allow list loaded from the service's review store.
    /// </summary>
    public static async Task<ModerationEngine> BuildAsync(Arguments a, IConfiguration configuration, IConnectionMultiplexer? redis, bool cache = true)
    {
        var builder = Builder(a, configuration).WithModel(Model(a, configuration)).WithScreen(Screen(a, configuration));
        if (redis is not null)
        {
            var review = new RedisReviewStore(redis, configuration["Review:RedisKeyPrefix"] is { Length: > 0 } prefix ? prefix : "review:");
            builder.WithKnownContent(Bind<KnownContentOptions>(configuration, KnownContentOptions.SectionName), new ReviewStoreKnownContent(review));
            if (cache)
            {
                var cacheOptions = Bind<CacheOptions>(configuration, CacheOptions.SectionName);
                if (configuration["Cache:RedisTimeout"] is null)
                {
                    // A batch job can wait for Redis longer than a request can; a timeout is still only a miss.
                    cacheOptions.RedisTimeout = TimeSpan.FromSeconds(5);
                }

                builder.WithCache(new RedisVerdictCache(redis, Options.Create(cacheOptions), NullLogger<RedisVerdictCache>.Instance));
            }
        }
        else
        {
            builder.WithKnownContent(Bind<KnownContentOptions>(configuration, KnownContentOptions.SectionName), null);
        }

        var built = builder.Build();
        try
        {
            await built.RefreshKnownContentAsync(TimeSpan.FromSeconds(30));
            return built;
        }
        catch
        {
            built.Dispose();
            throw;
        }
    }

    /// <summary>The engine's rules (<c>--rules</c> wins) and policy from the settings; no model, no stores yet.</summary>
    public static ModerationEngineBuilder Builder(Arguments a, IConfiguration configuration)
    {
        var engine = Bind<EngineOptions>(configuration, EngineOptions.SectionName);
        if (a.Optional("rules") is { } rules)
        {
            engine.RulesPath = rules;
        }

        return new ModerationEngineBuilder(engine).WithPolicy(Bind<PolicyOptions>(configuration, PolicyOptions.SectionName));
    }

    /// <summary>The encoder screen's settings (<c>Screen</c>): <c>--screen &lt;file&gt;</c> picks another model, <c>--screen none</c> switches it off.</summary>
    public static ScreenOptions Screen(Arguments a, IConfiguration configuration)
    {
        var screen = Bind<ScreenOptions>(configuration, ScreenOptions.SectionName);
        switch (a.Optional(ScreenOption))
        {
            case null:
                break;
            case NoScreen:
                screen.Enabled = false;
                break;
            case var path:
                (screen.Enabled, screen.ModelPath) = (true, path);
                break;
        }

        return screen;
    }

    /// <summary>One line for the end of a run: how many model calls the cache and in-batch deduplication saved.</summary>
    public static string Summary(ModerationTally tally) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"verdict cache: {tally.CacheHits:N0} hits, {tally.Assessed:N0} assessed here, {tally.BatchDuplicates:N0} in-batch duplicates");

    private static ClassifierOptions Model(Arguments a, IConfiguration configuration)
    {
        var model = Bind<ClassifierOptions>(configuration, ClassifierOptions.SectionName);
        if (a.Flag(ModelArguments.FlagNoModel))
        {
            model.Enabled = a.Has("heads") ? throw new ArgumentException("--heads and --no-model exclude each other") : false;
            return model;
        }

        if (a.Optional("heads") is { } heads)
        {
            (model.Enabled, model.HeadsPath) = (true, heads);

            // Heads from elsewhere travel with their Arabic model (models/arabic beside models/heads), when it is there.
            var beside = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(heads))) ?? ".", "arabic", "arabic.bin");
            if (string.IsNullOrWhiteSpace(model.ArabicModelPath) && File.Exists(beside))
            {
                model.ArabicModelPath = beside;
            }
        }

        // --precision wins; otherwise heads named on the command line bring the precision they were trained on.
        if (a.Has("precision") || a.Has("heads"))
        {
            model.Precision = ModelArguments.Precision(a, a.Optional("heads"));
        }

        if (model.Enabled && !File.Exists(model.ResolvedHeadsPath))
        {
            throw new FileNotFoundException($"heads not found: {model.ResolvedHeadsPath} (pass --heads, or --no-model for rules only)");
        }

        return model;
    }

    private static T Bind<T>(IConfiguration configuration, string section)
        where T : new() => configuration.GetSection(section).Get<T>() ?? new T();
}
