using ModerationApi.Engine.Pipeline;
using ModerationApi.Storage.Caching;
using StackExchange.Redis;

namespace ModerationApi.Caching;

/// <summary>Chooses Redis when <c>ConnectionStrings:Redis</c> is set, the in-process cache otherwise.</summary>
internal static class CachingExtensions
{
    public static WebApplicationBuilder AddVerdictCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CacheOptions>().BindConfiguration(CacheOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.TimeToLive > TimeSpan.Zero, "Cache:TimeToLive must be positive.")
            .ValidateOnStart();
        var health = builder.Services.AddHealthChecks();
        var connectionString = builder.Configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            builder.Services.AddSingleton<IVerdictCache, MemoryVerdictCache>();
            return builder;
        }

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = false;   // start without Redis and keep retrying in the background
            options.ConnectTimeout = 2000;
            options.SyncTimeout = 1000;
            options.AsyncTimeout = 1000;
            options.ConnectRetry = 1;
            options.ReconnectRetryPolicy = new LinearRetry(500);
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddSingleton<IVerdictCache, RedisVerdictCache>();
        health.AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return builder;
    }
}
