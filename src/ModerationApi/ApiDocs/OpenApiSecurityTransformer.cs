using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using ModerationApi.Security;

namespace ModerationApi.ApiDocs;

/// <summary>
/// Tells clients what the document alone would not: the <c>X-Api-Key</c> scheme, the scope each operation needs, and
/// every 4xx (and 503) answer an operation can give, all as ProblemDetails. Generated clients then send the key and
/// handle the errors this service really returns.
/// </summary>
internal sealed class OpenApiSecurityTransformer : IOpenApiOperationTransformer, IOpenApiDocumentTransformer
{
    public const string SchemeName = "ApiKey";
    private const string ProblemSchema = "ProblemDetails";
    private const string ProblemMediaType = "application/problem+json";

    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Moderation"] = "Moderate posts and list the labels (scope moderate).",
        ["Rules"] = "The rule sets in force (scope moderate).",
        ["Admin"] = "Rule reloads and rescan jobs (scope admin).",
        ["Review"] = "The review queue, decisions and audit log (scope review).",
        ["Health"] = "Liveness and readiness, without a key.",
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var scope = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null && Scopes.All.Contains(p));
        var path = "/" + (context.Description.RelativePath ?? string.Empty);
        operation.OperationId ??= OperationIdOf(context.Description.HttpMethod, path);
        operation.Responses ??= [];
        var problem = new OpenApiSchemaReference(ProblemSchema, context.Document);

        if (scope is null)
        {
            // Open operations (health) say so explicitly rather than inheriting a requirement.
            operation.Security = [];
        }
        else
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [scope] }];
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-scope"] = new JsonNodeExtension(JsonValue.Create(scope));
            operation.Description = Append(operation.Description, $"Needs an API key with the `{scope}` scope in `{ApiKeyAuthenticationHandler.HeaderName}`.");
            Add(operation, "401", "No API key, more than one, or an unknown one.", problem);
            Add(operation, "403", $"The API key lacks the `{scope}` scope.", problem);
            Add(operation, "429", "Over the key's request or model-token limit, or too many failed authentications from this address; see Retry-After.", problem);
        }

        if (operation.RequestBody is not null)
        {
            Add(operation, "400", "The body is not valid JSON for this operation, repeats a property, or breaks a limit; `field` names it.", problem);
            Add(operation, "413", "The body is over Validation:MaxBodyBytes, or its posts need more model work than one request may have.", problem);
            Add(operation, "415", "The body is not application/json.", problem);
        }
        else if (operation.Parameters is { Count: > 0 })
        {
            Add(operation, "400", "A parameter is invalid; `field` names it.", problem);
        }

        Add(operation, "414", "The path and query are too long.", problem);
        if (path.StartsWith("/v1/moderate", StringComparison.Ordinal))
        {
            Add(operation, "503", "The model queue is full or the posts waited past the model deadline; nothing was processed. See Retry-After.", problem);
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // The framework names the server after the request, with a trailing slash that clients join paths onto badly.
        foreach (var server in document.Servers ?? [])
        {
            server.Url = server.Url?.TrimEnd('/');
        }

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "An API key. Each key has scopes (moderate, review, admin); each operation names the one it needs.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ProblemSchema))
        {
            document.Components.Schemas[ProblemSchema] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "RFC 9457 problem details; `field` names what was wrong, `retryAfterSeconds` when to come back.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["title"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null, Format = "int32" },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                },
            };
        }

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var tag in document.Tags)
        {
            if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
            {
                tag.Description ??= description;
            }
        }

        return Task.CompletedTask;
    }

    private static void Add(OpenApiOperation operation, string status, string description, OpenApiSchemaReference problem)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new OpenApiMediaType { Schema = problem } },
        };
    }

    private static string Append(string? description, string sentence) =>
        string.IsNullOrEmpty(description) ? sentence : description + "\n\n" + sentence;

    // Health checks are mapped without names; their ids come from method and path (GET /health/ready: getHealthReady).
    private static string OperationIdOf(string? method, string path)
    {
        var parts = path.Split('/', '-', '{', '}').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]);
        return (method ?? "get").ToLowerInvariant() + string.Concat(parts);
    }
}
