using System.Net;
using System.Text.RegularExpressions;
using ModerationApi.IntegrationTests.Infrastructure;

namespace ModerationApi.IntegrationTests.Browser;

/// <summary>How the review page's files are served: from the assembly, with a strict CSP, and needing no key.</summary>
public sealed partial class ReviewPageHostingTests(ModerationApiFactory factory) : IClassFixture<ModerationApiFactory>
{
    [Theory]
    [InlineData("/review", "text/html")]
    [InlineData("/review/app.js", "text/javascript")]
    [InlineData("/review/app.css", "text/css")]
    public async Task PageFilesAreServedWithoutAKeyUnderAStrictContentSecurityPolicy(string path, string mediaType)
    {
        var response = await factory.ClientWithKey(null).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.StartsWith("default-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task UnchangedFileIsRevalidatedWithNotModified()
    {
        var client = factory.ClientWithKey(null);
        var first = await client.GetAsync("/review/app.js");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/review/app.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task PageHasNoInlineScriptOrStyleAndNoExternalUrls()
    {
        var client = factory.ClientWithKey(null);
        var html = await client.GetStringAsync("/review");
        var script = await client.GetStringAsync("/review/app.js");
        var css = await client.GetStringAsync("/review/app.css");

        Assert.All(ScriptTag().Matches(html), tag => Assert.Contains("src=\"/review/app.js\"", tag.Value, StringComparison.Ordinal));
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(InlineHandlerOrStyle(), html);
        foreach (var file in new[] { html, script, css })
        {
            Assert.DoesNotMatch(ExternalUrl(), file);
        }

        Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", script, StringComparison.Ordinal);
    }

    [GeneratedRegex("<script[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""\s(on[a-z]+|style)\s*=""", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();

    [GeneratedRegex("(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
