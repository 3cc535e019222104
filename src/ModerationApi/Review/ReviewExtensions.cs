using FluentValidation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModerationApi.Storage.Review;
using StackExchange.Redis;

namespace ModerationApi.Review;

/// <summary>Registers the review queue: Redis when <c>ConnectionStrings:Redis</c> is set, process memory otherwise.</summary>
internal static class ReviewExtensions
{
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => o.DefaultPageSize <= o.MaxPageSize, "Review:DefaultPageSize must not exceed Review:MaxPageSize.")
            .Validate(o => o.EnqueueTimeout > TimeSpan.Zero, "Review:EnqueueTimeout must be positive.")
            .Validate(o => o.KnownContentRefresh >= TimeSpan.Zero, "Review:KnownContentRefresh must not be negative.")
            .Validate(o => o.DecidedItemRetention is null || o.DecidedItemRetention >= TimeSpan.FromMinutes(1), "Review:DecidedItemRetention must be at least one minute, or unset to keep decided items.")
            .Validate(o => o.RetentionSweepInterval >= TimeSpan.FromSeconds(1), "Review:RetentionSweepInterval must be at least one second.")
            .Validate(o => o.MaxOpenItemsPerKey <= o.MaxOpenItems, "Review:MaxOpenItemsPerKey must not exceed Review:MaxOpenItems.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis")))
        {
            services.AddSingleton<IReviewStore>(sp => new MemoryReviewStore(Limits(sp.GetRequiredService<IOptions<ReviewOptions>>().Value)));
        }
        else
        {
            // The multiplexer is the verdict cache's (AddVerdictCache registers it for the same connection string).
            services.AddSingleton<IReviewStore>(sp => new RedisReviewStore(
                sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<IOptions<ReviewOptions>>().Value.RedisKeyPrefix,
                Limits(sp.GetRequiredService<IOptions<ReviewOptions>>().Value)));
        }

        services.AddSingleton<ReviewFeedback>();
        services.AddHostedService<KnownContentLoader>();
        services.AddSingleton<ReviewRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<ReviewRetention>());
        services.AddSingleton<IValidator<ReviewItemsQuery>, ReviewItemsQueryValidator>();
        services.AddSingleton<IValidator<AuditQuery>, AuditQueryValidator>();
        services.AddSingleton<IValidator<DecisionRequest>, DecisionRequestValidator>();
        return builder;
    }

    private static ReviewQueueLimits Limits(ReviewOptions options) => new(options.MaxOpenItemsPerKey, options.MaxOpenItems);
}
