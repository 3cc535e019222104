using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModerationApi.Engine.Pipeline;
using ModerationApi.Engine.Policy;
using ModerationApi.Hosting;
using ModerationApi.Security;

namespace ModerationApi.Moderation;

/// <summary><c>/v1/moderate</c>, <c>/v1/moderate/batch</c> and <c>/v1/labels</c>.</summary>
internal static class ModerationEndpoints
{
    public static WebApplication MapModeration(this WebApplication app)
    {
        var group = app.MapGroup("/v1")
            .RequireAuthorization(Scopes.Moderate)
            .RequireRateLimiting(SecurityExtensions.PerKeyPolicy)
            .WithTags("Moderation");

        group.MapPost("/moderate", ModerateAsync)
            .AddEndpointFilter<ValidationFilter<ModerateRequest>>()
            .WithName("Moderate")
            .WithSummary("Moderate one post.");
        group.MapPost("/moderate/batch", ModerateBatchAsync)
            .AddEndpointFilter<ValidationFilter<ModerateBatchRequest>>()
            .WithName("ModerateBatch")
            .WithSummary("Moderate up to 256 posts; results come back in input order.");
        group.MapGet("/labels", GetLabels)
            .WithName("GetLabels")
            .WithSummary("The labels, their descriptions and thresholds.");
        return app;
    }

    public static async Task<Results<Ok<Verdict>, ValidationProblem, ProblemHttpResult>> ModerateAsync(
        ModerateRequest request, ClaimsPrincipal user, ModerationService service, CancellationToken cancellationToken)
    {
        var verdicts = await service.ModerateAsync([request], KeyName(user), cancellationToken);
        return TypedResults.Ok(verdicts[0]);
    }

    public static async Task<Results<Ok<ModerateBatchResponse>, ValidationProblem, ProblemHttpResult>> ModerateBatchAsync(
        ModerateBatchRequest request, ClaimsPrincipal user, ModerationService service, CancellationToken cancellationToken)
    {
        var verdicts = await service.ModerateAsync(request.Items!, KeyName(user), cancellationToken);
        return TypedResults.Ok(new ModerateBatchResponse(verdicts));
    }

    private static string KeyName(ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    public static Ok<LabelsResponse> GetLabels(ModerationEngine engine) =>
        TypedResults.Ok(new LabelsResponse([.. Labels.All.Select(label => new LabelInfo(label, Labels.Describe(label), engine.Policy.For(label)))]));
}
