using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace OrderConfirm.ApiDocs;

/// Example request bodies for the requests people write by hand first, shown by Scalar as ready-to-send bodies.
public static class ApiDocsExamples
{
    public static readonly IReadOnlyDictionary<(string Method, string Path), IReadOnlyDictionary<string, string>> Bodies =
        new Dictionary<(string, string), IReadOnlyDictionary<string, string>>
        {
            [("POST", "/api/stores")] = new Dictionary<string, string>
            {
                ["shopify"] = """
                    { "name": "Lahore Lawn", "platform": "shopify", "shopDomain": "lahore-lawn.myshopify.com",
                      "accessToken": "YOUR_SHOPIFY_ADMIN_TOKEN", "webhookSecret": "YOUR_APP_CLIENT_SECRET",
                      "roboCall": { "apiKey": "YOUR_ROBOCALL_KEY", "voiceId": "102" },
                      "settings": { "callingHours": "10:00-20:00", "timeZone": "Asia/Karachi" } }
                    """,
                ["woocommerce"] = """
                    { "name": "Karachi Kurta", "platform": "woocommerce", "apiBaseUrl": "https://karachikurta.pk",
                      "consumerKey": "ck_YOUR_CONSUMER_KEY", "consumerSecret": "cs_YOUR_CONSUMER_SECRET",
                      "roboCall": { "apiKey": "YOUR_ROBOCALL_KEY", "voiceId": "102" } }
                    """,
                ["custom"] = """
                    { "name": "Multan Mangoes", "platform": "custom",
                      "roboCall": { "apiKey": "YOUR_ROBOCALL_KEY", "voiceId": "102" },
                      "settings": { "callDelay": "00:05:00" } }
                    """,
            },
            [("PATCH", "/api/stores/{id}")] = new Dictionary<string, string>
            {
                ["pause"] = """{ "enabled": false }""",
            },
            [("POST", "/api/stores/{id}/users")] = new Dictionary<string, string>
            {
                ["owner"] = """{ "email": "owner@lahore-lawn.pk", "password": "green-tea-at-noon-42" }""",
            },
            [("PUT", "/api/stores/{id}/users/{userId}/password")] = new Dictionary<string, string>
            {
                ["reset"] = """{ "password": "a-new-long-password" }""",
            },
            [("POST", "/api/verifications")] = new Dictionary<string, string>
            {
                ["order"] = """
                    { "storeId": 1, "orderId": "1001", "orderName": "#1001", "amount": 4999.50, "currency": "PKR",
                      "phone": "0300-1234567", "customerName": "Ayesha Khan" }
                    """,
            },
        };

    public static void Attach(OpenApiOperation operation, string method, string path)
    {
        if (!Bodies.TryGetValue((method.ToUpperInvariant(), path), out var bodies)
            || operation.RequestBody?.Content?.TryGetValue("application/json", out var media) != true || media is null)
        {
            return;
        }

        media.Examples ??= new Dictionary<string, IOpenApiExample>();
        foreach (var (name, json) in bodies)
        {
            media.Examples[name] = new OpenApiExample { Summary = name, Value = JsonNode.Parse(json) };
        }
    }
}
