using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OrderConfirm.Security;

namespace OrderConfirm.ApiDocs;

/// Each operation: who may call it (from its authorization metadata, so an endpoint added later is described too),
/// the problem answers it can give, the signed webhook receivers' headers and body, and example request bodies.
public sealed partial class ApiDocsOperations : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var path = PathOf(context.Description.RelativePath);
        var method = context.Description.HttpMethod ?? "GET";
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var signature = ApiDocsWebhooks.Describe(operation, path, context.Document);
        var adminOnly = metadata.OfType<IAuthorizeData>().Any(a => a.Policy == AuthPolicies.Admin);
        if (adminOnly)
        {
            // Alternatives: the admin key, or (where the endpoint allows them) a store's own key.
            Require(operation, context.Document, metadata.OfType<StoreKeysAllowed>().Any()
                ? [ApiDocsDocument.AdminKeyScheme, ApiDocsDocument.StoreKeyScheme]
                : [ApiDocsDocument.AdminKeyScheme]);
        }
        else if (signature is not null)
        {
            Require(operation, context.Document, [signature]);
        }

        operation.Responses ??= [];
        if (adminOnly || signature is not null)
        {
            AddProblem(operation, "401", adminOnly ? "No valid key." : "The signature is missing or wrong.", context.Document);
        }

        if (path.Contains('{', StringComparison.Ordinal))
        {
            AddProblem(operation, "404", "Nothing has this id.", context.Document);
        }

        AddProblem(operation, "4XX", "The request cannot be served as it is; `detail` says why (400 names each field, 409 a state that does not allow it, 413 a body over the limit).", context.Document);
        ApiDocsExamples.Attach(operation, method, path);
        return Task.CompletedTask;
    }

    /// "/api/stores/{id}" from the route as written ("api/stores/{id:long}"): the key of the document's paths.
    public static string PathOf(string? relativePath)
        => "/" + RouteConstraint().Replace((relativePath ?? "").Trim('/'), "}").Replace("?}", "}", StringComparison.Ordinal);

    private static void Require(OpenApiOperation operation, OpenApiDocument? document, IEnumerable<string> schemes)
        => operation.Security = [.. schemes.Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, document)] = [] })];

    private static void AddProblem(OpenApiOperation operation, string status, string description, OpenApiDocument? document)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemJson] = new() { Schema = new OpenApiSchemaReference(ApiDocsDocument.ProblemSchema, document) },
            },
        };
    }

    [GeneratedRegex(@"(:[^}]*)?\}")]
    private static partial Regex RouteConstraint();
}
