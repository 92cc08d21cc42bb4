using System.Text.Json;
using Refit;

namespace OrderConfirm.Shopify;

// POST https://{shop}/admin/api/{version}/graphql.json with the store's X-Shopify-Access-Token.
public interface IShopifyAdminApi
{
    [Post("/admin/api/{version}/graphql.json")]
    Task<IApiResponse<GraphQlResponse>> GraphQlAsync(
        string version,
        [Body] GraphQlRequest request,
        [Header("X-Shopify-Access-Token")] string accessToken,
        CancellationToken cancellationToken);
}

public sealed record GraphQlRequest(string Query, object? Variables);

public sealed record GraphQlResponse(JsonElement? Data, IReadOnlyList<GraphQlError>? Errors, JsonElement? Extensions);

public sealed record GraphQlError(string? Message, JsonElement? Extensions);
