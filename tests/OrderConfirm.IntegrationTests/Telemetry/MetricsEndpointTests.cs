using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderConfirm.Balances;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;
using OrderConfirm.Telemetry;
using static OrderConfirm.IntegrationTests.Infrastructure.Eventually;

namespace OrderConfirm.IntegrationTests.Telemetry;

/// /metrics after one Shopify order ran end to end (webhook, dial, poll, write-back, SMS, a balance check): every
/// instrument of the catalog is in the scrape under the name the dashboards and alerts use, with the values the run
/// made, and nothing of the customer's, the shop's keys or the webhook secret is anywhere in it.
[Collection(SharedInfrastructure.Name)]
public sealed partial class MetricsEndpointTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private const string MetricsKey = "metrics-scrape-key-0123456789";
    private const string SmsKey = "rsp_metrics_key_0123456789";
    private const string DatabasePassword = "db-pass-0123456789abcdef";

    [Fact]
    public async Task An_order_run_end_to_end_shows_every_instrument_and_nothing_personal()
    {
        LeakScan.Secret(MetricsKey);
        LeakScan.Secret(SmsKey);
        LeakScan.Secret(DatabasePassword);
        var shop = new ShopifyAdminStub().MutationsSucceed();
        var gateway = new ScriptedSmsGateway("robosms-pk");
        // A password in the connection string (the test cluster trusts local connections and never asks for it), to
        // show the pool's name in Npgsql's metrics leaves it out.
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync() + $";Password={DatabasePassword}",
            roboCall,
            new Dictionary<string, string?> { ["Admin:MetricsKey"] = MetricsKey, ["Metrics:SampleInterval"] = "00:00:01" },
            services =>
            {
                services.RemoveAll<ISmsGateway>();
                services.AddKeyedSingleton<ISmsGateway>(gateway.Provider, gateway);
            });
        using var admin = app.AdminClient();
        using var client = app.CreateClient();
        var (storeId, domain, secret) = await ShopifyStoreWithSmsAsync(admin, shop.BaseUrl);
        using (var forged = ShopifyWebhooks.Delivery(domain, "orders/create", ShopifyWebhooks.Order(5_559_999_999, "0300-0000000"), "not-the-secret"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(forged)).StatusCode);
        }

        var (_, phone, typed) = await ConfirmedOrder.RunAsync(app, roboCall, shop, (storeId, domain, secret));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await ActivatorUtilities.CreateInstance<CheckBalancesJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        var scrape = "";
        await WaitAsync(async () =>
        {
            scrape = await ScrapeAsync(client, MetricsKey);
            return TelemetryCatalog.All.SelectMany(i => i.PrometheusSeries).All(s => Families(scrape).Contains(s))
                && Value(scrape, "orderconfirm_writebacks_total", "result=\"written\"") >= 1
                && Value(scrape, "orderconfirm_sms_total", "result=\"sent\"") >= 2;
        });

        var missing = TelemetryCatalog.AllSeries.Where(s => !Families(scrape).Contains(s)).ToList();
        Assert.True(missing.Count == 0, $"Not in the scrape: {string.Join(", ", missing)}");
        Assert.True(Value(scrape, "orderconfirm_webhooks_total", "platform=\"shopify\"", "result=\"refused\"", "reason=\"signature\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_webhooks_total", "platform=\"shopify\"", "result=\"accepted\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_dials_total", "result=\"placed\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_calls_results_total", "result=\"confirmed\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_verifications_finished_total", "state=\"confirmed\"", $"store=\"{storeId}\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_verification_first_dial_wait_seconds_count", "platform=\"shopify\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_provider_request_duration_seconds_count", "provider=\"robocall\"", "outcome=\"ok\"") >= 1);
        Assert.True(Value(scrape, "orderconfirm_provider_request_duration_seconds_count", "provider=\"shopify-admin\"", "outcome=\"ok\"") >= 1);
        Assert.Equal(0, Value(scrape, "orderconfirm_queue_overdue", "step=\"call\""));
        // Npgsql's own: the connection pool's use, named by the data source without its password.
        Assert.Contains(Families(scrape), f => f.StartsWith("db_client_", StringComparison.Ordinal));
        Assert.DoesNotContain("password", scrape, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DatabasePassword, scrape, StringComparison.Ordinal);

        // Nothing personal or secret, in any form the run used it.
        foreach (var personal in new[] { phone, typed, phone[2..], "Ayesha", "Khan", secret, domain, "shpat_test", SmsKey, MetricsKey, DatabasePassword, OrderConfirmApp.AdminKey, RoboCallStub.ApiKey, RoboCallStub.CallId(phone) })
        {
            Assert.DoesNotContain(personal, scrape, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_scrape_takes_the_metrics_key_or_the_admin_key_and_the_metrics_key_opens_nothing_else()
    {
        LeakScan.Secret(MetricsKey);
        await using var app = OrderConfirmApp.Start(postgres: null, roboCall, new Dictionary<string, string?> { ["Admin:MetricsKey"] = MetricsKey });
        using var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(TelemetrySetup.MetricsPath)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, TelemetrySetup.MetricsPath, "wrong-key-0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, TelemetrySetup.MetricsPath, MetricsKey)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, TelemetrySetup.MetricsPath, OrderConfirmApp.AdminKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, "/api/stores", MetricsKey)).StatusCode);
    }

    internal static async Task<string> ScrapeAsync(HttpClient client, string key)
    {
        using var response = await SendAsync(client, TelemetrySetup.MetricsPath, key);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    /// The series names in a scrape (a histogram's _bucket, _sum and _count each).
    internal static HashSet<string> Families(string scrape)
        => scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SeriesName().Match(l).Value).ToHashSet(StringComparer.Ordinal);

    /// The sum of the series' values whose labels contain every given label="value".
    internal static double Value(string scrape, string series, params string[] labels)
        => scrape.Split('\n')
            .Where(l => l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
            .Where(l => labels.All(label => l.Contains(label, StringComparison.Ordinal)))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new("Bearer", key);
        return await client.SendAsync(request);
    }

    private static async Task<(long StoreId, string Domain, string Secret)> ShopifyStoreWithSmsAsync(HttpClient admin, string apiBaseUrl)
    {
        var domain = $"shop-{Guid.NewGuid():N}.myshopify.com";
        var secret = $"whsec-{Guid.NewGuid():N}";
        LeakScan.Secret(secret);
        LeakScan.Secret("shpat_test");
        var response = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "shopify",
            shopDomain = domain,
            apiBaseUrl,
            accessToken = "shpat_test",
            webhookSecret = secret,
            sms = new { provider = "robosms-pk", apiKey = SmsKey },
        });
        response.EnsureSuccessStatusCode();
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>(), domain, secret);
    }

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SeriesName();
}
