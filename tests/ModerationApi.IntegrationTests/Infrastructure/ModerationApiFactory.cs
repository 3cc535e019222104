using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ModerationApi.IntegrationTests.Infrastructure;

/// <summary>
/// The real service in memory with known keys: one per scope and one with all. Settings can be overridden per test
/// class (Redis connection, rate limits, rules folder).
/// </summary>
public class ModerationApiFactory : WebApplicationFactory<Program>
{
    public const string ModerateKey = "test-moderate-key";
    public const string ReviewKey = "test-review-key";
    public const string AdminKey = "test-admin-key";

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);
    private readonly List<Action<IServiceCollection>> _services = [];

    public ModerationApiFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces services after the app registered its own (a clock, for example).</summary>
    public ModerationApiFactory WithServices(Action<IServiceCollection> configure)
    {
        _services.Add(configure);
        return this;
    }

    public HttpClient ClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["ApiKeys:Keys:0:Name"] = "moderator",
            ["ApiKeys:Keys:0:Sha256"] = Sha256(ModerateKey),
            ["ApiKeys:Keys:0:Scopes:0"] = "moderate",
            ["ApiKeys:Keys:1:Name"] = "reviewer",
            ["ApiKeys:Keys:1:Sha256"] = Sha256(ReviewKey),
            ["ApiKeys:Keys:1:Scopes:0"] = "review",
            ["ApiKeys:Keys:2:Name"] = "admin",
            ["ApiKeys:Keys:2:Sha256"] = Sha256(AdminKey),
            ["ApiKeys:Keys:2:Scopes:0"] = "admin",
            ["ApiKeys:Keys:2:Scopes:1"] = "moderate",
            ["MODERATION_API_KEY"] = "",

            // API, auth and cache tests do not need the model; the model's own test classes turn it on.
            ["Classifier:Enabled"] = "false",
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            foreach (var configure in _services)
            {
                configure(services);
            }
        });
    }

    public static string Sha256(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
