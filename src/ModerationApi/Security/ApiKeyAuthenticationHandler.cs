using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ModerationApi.Security;

/// <summary>
/// Authenticates the one <c>X-Api-Key</c> header; challenges and denials are ProblemDetails (401, 403), and a client
/// address with too many failures gets 429 (see <see cref="FailedAuthLimiter"/>). Failures are logged at Debug only,
/// and counted in <c>/metrics</c>.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore store,
    FailedAuthLimiter failures,
    Observability.ModerationMetrics metrics,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>The log category of failed authentications (Debug); the handler's own category is kept at Warning.</summary>
    public const string FailureLogCategory = "ModerationApi.Security.AuthFailures";

    private readonly ILogger _failureLog = logger.CreateLogger(FailureLogCategory);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count > 1)
        {
            // Which one counts would depend on the proxy in between: refuse rather than guess.
            return Task.FromResult(AuthenticateResult.Fail("more than one API key header"));
        }

        if (string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var entry = store.Find(values[0]!);
        if (entry is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name) };
        claims.AddRange(entry.Scopes.Select(s => new Claim(Scopes.ClaimType, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var values = Request.Headers[HeaderName];
        var (title, detail) = values.Count switch
        {
            0 => ("API key required.", $"Send your API key in the {HeaderName} header."),
            > 1 => ("More than one API key.", $"Send exactly one {HeaderName} header."),
            _ when string.IsNullOrEmpty(values[0]) => ("API key required.", $"The {HeaderName} header is empty; send your API key in it."),
            _ => ("Unknown API key.", $"The key in the {HeaderName} header is not recognised."),
        };
        var address = Context.Connection.RemoteIpAddress;
        LogFailure(_failureLog, title, address?.ToString() ?? "unknown");
        if (failures.Fail(address) is { } retryAfter)
        {
            metrics.AuthFailure("rate_limited");
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many failed authentications.",
                    Detail = $"This client address sent too many requests without a valid {HeaderName}. Retry after {seconds} s.",
                    Type = "https://tools.ietf.org/html/rfc6585#section-4",
                    Extensions = { ["field"] = HeaderName, ["retryAfterSeconds"] = seconds },
                },
            });
            return;
        }

        metrics.AuthFailure("rejected");
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = title,
                Detail = detail,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
                Extensions = { ["field"] = HeaderName },
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>()
            .Select(a => a.Policy).FirstOrDefault(p => p is not null);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "The API key lacks the required scope.",
                Detail = needed is null ? "This key may not call this endpoint." : $"This endpoint needs the '{needed}' scope.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.4",
                Extensions = { ["field"] = HeaderName, ["requiredScope"] = needed },
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Authentication failed ({Reason}) from {Address}.")]
    private static partial void LogFailure(ILogger logger, string reason, string address);
}
