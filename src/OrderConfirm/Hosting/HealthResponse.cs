using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrderConfirm.Hosting;

// /health/ready answers with each check's status and description (e.g. how many webhook deliveries failed), not just
// one word: a Degraded instance still answers 200, so the reason has to be in the body. Nothing here is secret.
public static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data.Count == 0 ? null : e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
