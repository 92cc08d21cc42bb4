using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OrderConfirm.ApiDocs;

/// The document as a whole: what the service is, its three ways of proving who calls (the admin key, and the two
/// shop platforms' body signatures), and the problem-details shape every error answer has.
public sealed class ApiDocsDocument : IOpenApiDocumentTransformer
{
    public const string AdminKeyScheme = "adminKey";
    public const string StoreKeyScheme = "storeKey";
    public const string ShopifySignatureScheme = "shopifyHmac";
    public const string WooCommerceSignatureScheme = "wooCommerceSignature";
    public const string ProblemSchema = "ProblemDetails";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "OrderConfirm",
            Version = ApiDocsSetup.DocumentName,
            Description = "Verifies cash-on-delivery orders by phone before they ship. The admin API (`/api/*`) takes the admin key "
                + "as a bearer token; the webhook receivers (`/webhooks/*`) take the shop's signature of the raw body. Every error "
                + "is an RFC 9457 problem (`application/problem+json`). Times are ISO 8601 with an offset.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[AdminKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The operator's key, `Admin:ApiKey`: `Authorization: Bearer <Admin:ApiKey>`. In Development it is `dev-admin-key-change-me`.",
        };
        document.Components.SecuritySchemes[StoreKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A custom store's own key (`oc_store_…`, shown once when the store is created): `Authorization: Bearer oc_store_…`. "
                + "It opens only the operations that list it, and only for its own store's data.",
        };
        document.Components.SecuritySchemes[ShopifySignatureScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Shopify-Hmac-Sha256",
            Description = "Base64 of HMAC-SHA256 over the raw request body, keyed with the store's webhook secret (the Shopify app's "
                + "client secret). Shopify computes it; the store is found by `X-Shopify-Shop-Domain`. A wrong or missing signature is a 401.",
        };
        document.Components.SecuritySchemes[WooCommerceSignatureScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-WC-Webhook-Signature",
            Description = "Base64 of HMAC-SHA256 over the raw request body, keyed with the webhook's secret. WooCommerce computes it; "
                + "the store is the `{storeId}` in the path. A wrong or missing signature is a 401.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas.TryAdd(ProblemSchema, Problem());
        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem. `detail` says what to do; a 400 about fields has `errors`, keyed by each field in the request's own spelling.",
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the kind of problem."),
            ["title"] = Text("A short summary, the same for every problem of this kind."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "The HTTP status." },
            ["detail"] = Text("What went wrong with this request, for a person."),
            ["instance"] = Text("The request it is about."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation errors: field → messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
