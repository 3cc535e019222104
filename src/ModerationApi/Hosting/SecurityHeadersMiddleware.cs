namespace ModerationApi.Hosting;

/// <summary>
/// The same protective headers on every response, HTML page or not: no sniffing, no referrer, no framing, and a
/// content security policy; and <c>Cache-Control: no-store</c> on everything under <c>/v1</c>, where answers carry
/// post text (verdict evidence, review items). A page that sets its own stricter policy keeps it.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    // JSON and problem answers load nothing; framing and form posts are refused everywhere.
    private const string DefaultPolicy = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    // The API reference page (Scalar) runs its own inline bootstrap script and styles, and reads the OpenAPI document
    // from this origin; it still may not be framed, post forms elsewhere or load plugins.
    private const string ApiReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = path.StartsWithSegments("/scalar") ? ApiReferencePolicy : DefaultPolicy;
            }

            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (path.StartsWithSegments("/v1"))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
