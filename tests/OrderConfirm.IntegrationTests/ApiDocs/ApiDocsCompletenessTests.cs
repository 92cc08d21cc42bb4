using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.ApiDocs;

/// /openapi/v1.json describes every endpoint the service maps, except the few that are pages or plumbing, listed
/// here by name. An endpoint added later (by any feature) fails here until it is in the document or in this list.
[Collection(SharedInfrastructure.Name)]
public sealed class ApiDocsCompletenessTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    /// Not API endpoints: the jobs dashboard, the health probes, the customer's confirm-link page (HTML), the merchant
    /// pages (HTML), and the docs themselves. Each entry must match at least one mapped endpoint, so the list cannot rot.
    private static readonly (string Why, Func<string, bool> Matches)[] NotDescribed =
    [
        ("the Hangfire dashboard", p => p == "/hangfire" || p.StartsWith("/hangfire/", StringComparison.Ordinal)),
        ("the liveness probe", p => p == "/health/live"),
        ("the readiness probe", p => p == "/health/ready"),
        ("the Prometheus scrape (text format, docs/monitoring.md)", p => p == "/metrics"),
        ("the confirm-link page", p => p == "/c/{token}"),
        ("the OpenAPI document", p => p == "/openapi/{documentName}.json"),
        ("the Scalar docs", p => p == "/scalar" || p.StartsWith("/scalar/", StringComparison.Ordinal)),
        ("the merchant pages' root, which opens the orders", p => p == "/"),
        ("the merchant pages (HTML)", p => p is "/login" or "/logout" or "/orders" or "/orders/{id}" or "/funnel" or "/attention" or "/language"
            or "/stores" or "/stores/new" or "/stores/{id}/connect" or "/settings"),
    ];

    [Fact]
    public async Task Every_mapped_endpoint_is_in_the_openapi_document()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, ApiDocsHosts.Enabled);
        using var document = await ApiDocsHosts.ReadDocumentAsync(app);
        var paths = document.RootElement.GetProperty("paths");
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: PathOf(e.RoutePattern), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [], Name: e.DisplayName))
            .ToList();

        var missing = new List<string>();
        var described = 0;
        foreach (var (path, methods, name) in endpoints.Where(e => !NotDescribed.Any(n => n.Matches(e.Path))))
        {
            if (methods.Count == 0)
            {
                missing.Add($"{path} (any method: {name})");
            }

            foreach (var method in methods)
            {
                var found = paths.TryGetProperty(path, out var item) && item.TryGetProperty(method.ToLowerInvariant(), out _);
                described += found ? 1 : 0;
                if (!found)
                {
                    missing.Add($"{method} {path} ({name})");
                }
            }
        }

        Assert.True(missing.Count == 0, $"Mapped but not in /openapi/v1.json:\n{string.Join("\n", missing)}");
        Assert.True(described >= 15, $"Only {described} operations were checked; the endpoint list looks wrong.");
        var unused = NotDescribed.Where(n => !endpoints.Any(e => n.Matches(e.Path))).Select(n => n.Why).ToList();
        Assert.True(unused.Count == 0, $"Exclusions matching no endpoint: {string.Join(", ", unused)}");
    }

    [Fact]
    public async Task The_docs_are_off_outside_development_unless_an_operator_allows_them_and_then_behind_the_login()
    {
        await using (var off = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall))
        {
            using var client = ApiDocsHosts.DashboardClient(off);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await client.GetAsync("/scalar/v1")).StatusCode);
        }

        await using var on = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, ApiDocsHosts.Enabled);
        using var anonymous = on.CreateClient();
        using var admin = on.AdminClient();
        using var dashboard = ApiDocsHosts.DashboardClient(on);
        foreach (var path in new[] { "/openapi/v1.json", "/scalar/" })
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await admin.GetAsync(path)).StatusCode);
            var page = await dashboard.GetAsync(path);
            Assert.True(page.IsSuccessStatusCode, $"{path}: {page.StatusCode}");
        }

        Assert.Contains("\"openapi/v1.json\"", await dashboard.GetStringAsync("/scalar/"), StringComparison.Ordinal);
    }

    /// "/api/stores/{id}" for the route "/api/stores/{id:long}": the form of the document's path keys.
    private static string PathOf(RoutePattern pattern)
        => "/" + string.Join("/", pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "?",
        }))));
}

internal static class ApiDocsHosts
{
    public static readonly IReadOnlyDictionary<string, string?> Enabled = new Dictionary<string, string?> { ["ApiDocs:Enabled"] = "true" };

    public static HttpClient DashboardClient(OrderConfirmApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{OrderConfirmApp.DashboardUser}:{OrderConfirmApp.DashboardPassword}")));
        return client;
    }

    public static async Task<JsonDocument> ReadDocumentAsync(OrderConfirmApp app)
    {
        using var client = DashboardClient(app);
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.True(response.IsSuccessStatusCode, $"/openapi/v1.json: {response.StatusCode}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}
