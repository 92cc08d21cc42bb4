using Microsoft.OpenApi;

namespace OrderConfirm.ApiDocs;

/// The webhook receivers read the raw body themselves (the signature is over its bytes), so nothing in their
/// handlers' types tells the generator about the body or the headers. They are described here, by path.
public static class ApiDocsWebhooks
{
    private static readonly (string Prefix, string Scheme, string Body, (string Name, string Description)[] Headers)[] Receivers =
    [
        ("/webhooks/shopify", ApiDocsDocument.ShopifySignatureScheme, "Shopify's order payload (orders/create, orders/updated, …) or app/uninstalled.",
        [
            ("X-Shopify-Shop-Domain", "The shop, e.g. `lahore-lawn.myshopify.com`: finds the store."),
            ("X-Shopify-Topic", "The topic, e.g. `orders/create`."),
            ("X-Shopify-Webhook-Id", "The delivery's id: a repeat of one id is stored once."),
        ]),
        ("/webhooks/woocommerce", ApiDocsDocument.WooCommerceSignatureScheme, "WooCommerce's order payload (order.created, order.updated). The activation ping `webhook_id=N` (form-encoded, unsigned) is answered 200.",
        [
            ("X-WC-Webhook-Topic", "The topic, e.g. `order.created`."),
            ("X-WC-Webhook-Delivery-ID", "The delivery's id."),
        ]),
    ];

    /// Adds the receiver's headers and body to the operation; returns its security scheme, or null for any other path.
    public static string? Describe(OpenApiOperation operation, string path, OpenApiDocument? document)
    {
        _ = document;
        foreach (var receiver in Receivers)
        {
            if (!path.StartsWith(receiver.Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            operation.Parameters ??= [];
            foreach (var (name, description) in receiver.Headers)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }

            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = receiver.Body + " At most 1 MB. Stored before the 200 and processed in the background.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                },
            };
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse { Description = "Stored (or a repeat of a stored delivery)." };
            return receiver.Scheme;
        }

        return null;
    }
}
