using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace ModerationApi.Review.Page;

/// <summary>
/// The review page's HTML, script and stylesheet, embedded in the host assembly so the page ships with the binary and
/// makes no request anywhere but this service.
/// </summary>
internal sealed class ReviewPageAssets
{
    private const string ResourcePrefix = "ModerationApi.Review.Page.";

    public ReviewPageAssets()
    {
        Page = Load("index.html", "text/html; charset=utf-8");
        Script = Load("app.js", "text/javascript; charset=utf-8");
        Styles = Load("app.css", "text/css; charset=utf-8");
    }

    public ReviewPageAsset Page { get; }

    public ReviewPageAsset Script { get; }

    public ReviewPageAsset Styles { get; }

    private static ReviewPageAsset Load(string name, string contentType)
    {
        using var stream = typeof(ReviewPageAssets).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The review page resource {name} is not embedded in the host assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"");
        return new ReviewPageAsset(content, contentType, tag);
    }
}
