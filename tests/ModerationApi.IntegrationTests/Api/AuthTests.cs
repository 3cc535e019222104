using System.Net;
using System.Net.Http.Json;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Api;

/// <summary>Keys and scopes: missing, unknown and under-scoped keys get 401 / 403 ProblemDetails.</summary>
public sealed class AuthTests(ModerationApiFactory factory) : IClassFixture<ModerationApiFactory>
{
    [Fact]
    public async Task MissingKeyReturnsUnauthorizedProblem()
    {
        var response = await factory.ClientWithKey(null).PostAsJsonAsync("/v1/moderate", new { text = "hello" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("X-Api-Key", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task UnknownKeyReturnsUnauthorizedProblem()
    {
        var response = await factory.ClientWithKey("not-a-key").PostAsJsonAsync("/v1/moderate", new { text = "hello" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("not recognised", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewKeyCannotModerate()
    {
        var response = await factory.ClientWithKey(ModerationApiFactory.ReviewKey).PostAsJsonAsync("/v1/moderate", new { text = "hello" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("moderate", problem.GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task ModerateKeyCannotReloadRules()
    {
        var response = await factory.ClientWithKey(ModerationApiFactory.ModerateKey).PostAsync("/v1/admin/rules/reload", null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("admin", problem.GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task ModerateKeyModerates()
    {
        var response = await factory.ClientWithKey(ModerationApiFactory.ModerateKey).PostAsJsonAsync("/v1/moderate", new { id = "p1", text = "hello world" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var verdict = await response.JsonAsync();
        Assert.Equal("p1", verdict.GetProperty("id").GetString());
        Assert.Equal("allow", verdict.GetProperty("action").GetString());
    }

    [Fact]
    public async Task PlainKeyFromEnvironmentHasEveryScope()
    {
        using var withPlainKey = new ModerationApiFactory().With("MODERATION_API_KEY", "plain-dev-key");
        var client = withPlainKey.ClientWithKey("plain-dev-key");

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/v1/moderate", new { text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/v1/admin/rules/reload", null)).StatusCode);
    }
}
