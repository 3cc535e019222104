using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ModerationApi.Security;

/// <summary>API keys with scopes, one authorization policy per scope, and a rate limit per key.</summary>
internal static class SecurityExtensions
{
    public const string PerKeyPolicy = "per-key";

    public static WebApplicationBuilder AddApiKeySecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.SectionName)
            .Configure<IConfiguration>((o, config) => o.PlainKey ??= config[ApiKeyOptions.PlainKeyVariable])
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<FailedAuthLimiter>();

        // The authentication base class logs every failure and challenge at Information under the handler's name; a
        // flood of bad keys must not become a flood of log lines. Failures are logged once, at Debug, under their own
        // category instead.
        builder.Logging.AddFilter(typeof(ApiKeyAuthenticationHandler).FullName, LogLevel.Warning);
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Moderate, p => p.RequireClaim(Scopes.ClaimType, Scopes.Moderate))
            .AddPolicy(Scopes.Review, p => p.RequireClaim(Scopes.ClaimType, Scopes.Review))
            .AddPolicy(Scopes.Admin, p => p.RequireClaim(Scopes.ClaimType, Scopes.Admin));

        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(PerKeyPolicy, context =>
            {
                var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                var key = context.User.FindFirstValue(ClaimTypes.Name) ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = settings.Window,
                    QueueLimit = settings.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = $"This API key is over its rate limit. Retry after {seconds} s.",
                        Type = "https://tools.ietf.org/html/rfc6585#section-4",
                        Extensions = { ["field"] = ApiKeyAuthenticationHandler.HeaderName, ["retryAfterSeconds"] = seconds },
                    },
                });
            };
        });
        return builder;
    }

    public static WebApplication UseApiKeySecurity(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        if (app.Services.GetRequiredService<ApiKeyStore>().IsEmpty)
        {
            app.Logger.LogWarning("No API keys are configured: every /v1 request will be rejected. Set {Variable} or ApiKeys:Keys.", ApiKeyOptions.PlainKeyVariable);
        }

        return app;
    }
}
