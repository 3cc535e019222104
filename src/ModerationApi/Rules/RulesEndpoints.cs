using Microsoft.AspNetCore.Http.HttpResults;
using ModerationApi.Engine.Rules;
using ModerationApi.Security;

namespace ModerationApi.Rules;

/// <summary><c>GET /v1/rules</c> and the admin reload.</summary>
internal static class RulesEndpoints
{
    public static WebApplication MapRules(this WebApplication app)
    {
        app.MapGroup("/v1/rules")
            .RequireAuthorization(Scopes.Moderate)
            .RequireRateLimiting(SecurityExtensions.PerKeyPolicy)
            .WithTags("Rules")
            .MapGet("/", GetRules)
            .WithName("GetRules")
            .WithSummary("The rule sets in force, their version and term counts.");

        app.MapGroup("/v1/admin")
            .RequireAuthorization(Scopes.Admin)
            .RequireRateLimiting(SecurityExtensions.PerKeyPolicy)
            .WithTags("Admin")
            .MapPost("/rules/reload", Reload)
            .WithName("ReloadRules")
            .WithSummary("Reload rule files from disk; a broken file is rejected and the previous rules keep serving.");
        return app;
    }

    public static Ok<RulesResponse> GetRules(RuleSetProvider provider) => TypedResults.Ok(Describe(provider.Current));

    public static Results<Ok<RulesResponse>, ProblemHttpResult> Reload(RuleSetProvider provider, ILogger<RuleSetProvider> logger)
    {
        var previous = provider.Current.Version;
        try
        {
            var next = provider.Reload();
            var version = next.Version;
            logger.LogInformation("Rules reloaded: {Previous} -> {Version}", previous, version);
            return TypedResults.Ok(Describe(next));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Rules reload could not read the rule files ({Error}); version {Version} keeps serving", ex.GetType().Name, previous);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The rule files could not be read; the previous rules keep serving.",
                detail: "A rule file could not be read (it may be being written). Try again.",
                type: "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                extensions: new Dictionary<string, object?> { ["rulesVersion"] = previous });
        }
        catch (RuleFileException ex)
        {
            logger.LogWarning("Rules reload rejected at {File}:{Line}: {Reason}; version {Version} keeps serving", ex.FileName, ex.Line, ex.Reason, previous);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "A rule file is invalid; the previous rules keep serving.",
                detail: ex.Message,
                type: "https://tools.ietf.org/html/rfc9110#section-15.5.21",
                extensions: new Dictionary<string, object?>
                {
                    ["file"] = ex.FileName,
                    ["line"] = ex.Line,
                    ["rulesVersion"] = previous,
                });
        }
    }

    private static RulesResponse Describe(CompiledRules rules) => new(
        rules.Version,
        [.. rules.Files.Select(f => new RuleSetInfo(f.Id, f.FileName, f.Header.GetValueOrDefault("description") ?? string.Empty,
            f.TermCount, f.Sections.GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Sum(s => s.Terms.Count))))],
        rules.SanctionedAddressCount);
}
