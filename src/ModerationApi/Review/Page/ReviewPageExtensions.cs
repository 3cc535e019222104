using Microsoft.AspNetCore.Http.HttpResults;

namespace ModerationApi.Review.Page;

/// <summary>
/// The reviewer's web page at <c>/review</c> with its script and stylesheet. The files themselves need no key: every
/// piece of data comes from <c>/v1/review</c> with the key the reviewer types.
/// </summary>
internal static class ReviewPageExtensions
{
    // Everything from this origin only: no inline script or style, no frames, no form posts elsewhere.
    private const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public static WebApplicationBuilder AddReviewPage(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReviewPageAssets>();
        return builder;
    }

    public static WebApplication MapReviewPage(this WebApplication app)
    {
        var group = app.MapGroup("/review").WithTags("Review page").ExcludeFromDescription();
        group.MapGet("", GetPage).WithName("ReviewPage");
        group.MapGet("/app.js", GetScript);
        group.MapGet("/app.css", GetStyles);
        return app;
    }

    public static FileContentHttpResult GetPage(HttpContext context, ReviewPageAssets assets) => Serve(context, assets.Page);

    public static FileContentHttpResult GetScript(HttpContext context, ReviewPageAssets assets) => Serve(context, assets.Script);

    public static FileContentHttpResult GetStyles(HttpContext context, ReviewPageAssets assets) => Serve(context, assets.Styles);

    private static FileContentHttpResult Serve(HttpContext context, ReviewPageAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";

        // Revalidated on every load (cheap 304s by ETag) so a new build's page and script never mix with old ones.
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.ETag);
    }
}
