using Microsoft.AspNetCore.Http.HttpResults;
using ModerationApi.Hosting;
using ModerationApi.Security;
using ModerationApi.Storage.Rescans;
using StackExchange.Redis;

namespace ModerationApi.Rescans;

/// <summary>
/// <c>GET /v1/admin/rescans</c> and <c>GET /v1/admin/rescans/{jobId}</c>: progress of scale-out rescan jobs, read from
/// Redis by the same code as <c>moderation status</c>.
/// </summary>
internal static class RescanEndpoints
{
    public static WebApplicationBuilder AddRescans(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RescanJobSource>();
        return builder;
    }

    public static WebApplication MapRescans(this WebApplication app)
    {
        var group = app.MapGroup("/v1/admin/rescans")
            .RequireAuthorization(Scopes.Admin)
            .RequireRateLimiting(SecurityExtensions.PerKeyPolicy)
            .WithTags("Admin");
        group.MapGet("/", ListJobs)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("ListRescanJobs")
            .WithSummary("Every rescan job submitted to the service's Redis, with its progress.");
        group.MapGet("/{jobId}", GetJob)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("GetRescanJob")
            .WithSummary("A rescan job's chunks and posts done, failed and pending, its rate, workers and versions.");
        return app;
    }

    public static async Task<Results<Ok<RescanJobList>, ProblemHttpResult>> ListJobs(RescanJobSource source)
    {
        if (source.Redis is not { IsConnected: true } redis)
        {
            return TypedResults.Problem(Problems.RescansUnavailable(source.Redis is null));
        }

        try
        {
            var db = redis.GetDatabase();
            var jobs = new List<RescanJobStatus>();
            foreach (var name in await RescanJobReader.ListAsync(db))
            {
                // A job deleted between the listing and the read is left out rather than reported empty.
                if (JobKeys.IsValidName(name) && await RescanJobReader.ReadAsync(db, name) is { } status)
                {
                    jobs.Add(status);
                }
            }

            return TypedResults.Ok(new RescanJobList(jobs));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return TypedResults.Problem(Problems.RescansUnavailable(notConfigured: false));
        }
    }

    public static async Task<Results<Ok<RescanJobStatus>, ProblemHttpResult>> GetJob(
        string jobId, RescanJobSource source)
    {
        if (!JobKeys.IsValidName(jobId))
        {
            return TypedResults.Problem(Problems.InvalidParameter("A job id is 1 to 200 characters without braces.", "jobId"));
        }

        if (source.Redis is not { IsConnected: true } redis)
        {
            return TypedResults.Problem(Problems.RescansUnavailable(source.Redis is null));
        }

        try
        {
            return await RescanJobReader.ReadAsync(redis.GetDatabase(), jobId) is { } status
                ? TypedResults.Ok(status)
                : TypedResults.Problem(Problems.RescanJobNotFound(jobId));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return TypedResults.Problem(Problems.RescansUnavailable(notConfigured: false));
        }
    }
}
