using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ModerationApi.Hosting;
using ModerationApi.Security;
using ModerationApi.Storage.Review;

namespace ModerationApi.Review;

/// <summary><c>/v1/review</c>: the queue, items, decisions and the audit log (scope <c>review</c>).</summary>
internal static class ReviewEndpoints
{
    public const string NdJson = "application/x-ndjson";

    public static WebApplication MapReview(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IReviewStore>() is MemoryReviewStore)
        {
            app.Logger.LogWarning("ConnectionStrings:Redis is not set: review items, decisions, the audit log, the bank and the allow list are kept in process memory and lost on restart.");
        }

        var group = app.MapGroup("/v1/review")
            .RequireAuthorization(Scopes.Review)
            .RequireRateLimiting(SecurityExtensions.PerKeyPolicy)
            .WithTags("Review");

        group.MapGet("/me", GetMe)
            .WithName("GetReviewer")
            .WithSummary("The name and scopes of the presented key.");
        group.MapGet("/items", ListItemsAsync)
            .AddEndpointFilter<ValidationFilter<ReviewItemsQuery>>()
            .WithName("ListReviewItems")
            .WithSummary("The review queue, filtered and paged, newest or highest score first.");
        group.MapGet("/items/{id}", GetItemAsync)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetReviewItem")
            .WithSummary("One review item with its verdict and history.");
        group.MapPost("/items/{id}/decisions", DecideAsync)
            .AddEndpointFilter<ValidationFilter<DecisionRequest>>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("DecideReviewItem")
            .WithSummary("Confirm, dismiss or escalate an item; confirmed and dismissed items are final.");
        group.MapGet("/audit", ExportAudit)
            .AddEndpointFilter<ValidationFilter<AuditQuery>>()
            .Produces(StatusCodes.Status200OK, contentType: NdJson)
            .WithName("ExportReviewAudit")
            .WithSummary("Every decision as JSON Lines, oldest first.");
        return app;
    }

    public static Ok<ReviewerResponse> GetMe(ClaimsPrincipal user) =>
        TypedResults.Ok(new ReviewerResponse(
            user.FindFirstValue(ClaimTypes.Name) ?? string.Empty,
            [.. user.FindAll(Scopes.ClaimType).Select(c => c.Value)]));

    public static async Task<Results<Ok<ReviewListResponse>, ValidationProblem>> ListItemsAsync(
        [AsParameters] ReviewItemsQuery query, IReviewStore store, IOptions<ReviewOptions> options, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(query.ToStoreQuery(options.Value.DefaultPageSize), cancellationToken);
        return TypedResults.Ok(new ReviewListResponse([.. page.Items.Select(ReviewItemSummaryResponse.From)], page.Next?.Encode()));
    }

    public static async Task<Results<Ok<ReviewItemResponse>, ProblemHttpResult>> GetItemAsync(
        string id, IReviewStore store, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(id, cancellationToken);
        return item is null ? TypedResults.Problem(Problems.NotFound("review item", id)) : TypedResults.Ok(ReviewItemResponse.From(item));
    }

    public static async Task<Results<Ok<ReviewItemResponse>, ProblemHttpResult, ValidationProblem>> DecideAsync(
        string id, DecisionRequest request, ClaimsPrincipal user, IReviewStore store, ReviewFeedback feedback, TimeProvider time, CancellationToken cancellationToken)
    {
        // The validation filter has already refused anything else.
        var decision = DecisionRequestValidator.TryParse(request.Decision, out var parsed) ? parsed : ReviewDecision.Escalate;
        var reviewer = user.FindFirstValue(ClaimTypes.Name) ?? "unknown";
        var note = string.IsNullOrEmpty(request.Note) ? null : request.Note;
        var result = await store.DecideAsync(id, decision, reviewer, note, time.GetUtcNow(), cancellationToken);
        switch (result.Outcome)
        {
            case DecisionOutcome.Decided:
                feedback.Learn(result.Item!);
                return TypedResults.Ok(ReviewItemResponse.From(result.Item!));
            case DecisionOutcome.AlreadyFinal:
                return TypedResults.Problem(Problems.AlreadyDecided(id, ReviewTransitions.Name(result.Item!.Status)));
            case DecisionOutcome.Contended:
                return TypedResults.Problem(Problems.DecisionContended(id));
            default:
                return TypedResults.Problem(Problems.NotFound("review item", id));
        }
    }

    public static Results<PushStreamHttpResult, ValidationProblem> ExportAudit([AsParameters] AuditQuery query, IReviewStore store, CancellationToken cancellationToken) =>
        TypedResults.Stream(
            async stream =>
            {
                // A client that goes away stops the export instead of leaving it reading the whole log.
                var newline = "\n"u8.ToArray();
                await foreach (var entry in store.ReadAuditAsync(query.FromTime, query.ToTime, cancellationToken))
                {
                    await JsonSerializer.SerializeAsync(stream, entry, ReviewJson.Options, cancellationToken);
                    await stream.WriteAsync(newline, cancellationToken);
                }
            },
            NdJson);
}
