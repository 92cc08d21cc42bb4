using System.Security.Cryptography;
using System.Text;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace OrderConfirm.Bench;

/// The design we rejected, for comparison: check the signature, then Enqueue one Hangfire job per webhook inside the
/// request (Hangfire.PostgreSql, the same kind of database), then answer.
public static class NaiveEndpoint
{
    public static async Task<WebApplication> StartAsync(string connectionString, string secret)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true };
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        var jobs = new BackgroundJobClient(storage);
        var key = Encoding.UTF8.GetBytes(secret);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        // The floor: what the HTTP client and Kestrel alone cost on this machine, for reading the other rows.
        app.MapPost("/webhooks/empty", () => Results.Ok());
        app.MapPost("/webhooks/naive", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var given = Convert.FromBase64String(request.Headers["X-Shopify-Hmac-Sha256"].ToString());
            if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, body), given))
            {
                return Results.Unauthorized();
            }

            jobs.Enqueue(() => Received(request.Headers["X-Shopify-Webhook-Id"].ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }

    // Never runs (no Hangfire server here); only its enqueueing cost is measured.
    public static void Received(string webhookId) => ArgumentNullException.ThrowIfNull(webhookId);
}
