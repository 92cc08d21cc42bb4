using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Toolkit;

namespace OrderConfirm.IntegrationTests.Hosting;

/// What an operator sees when the service is started wrong, and what the probes say when its database goes away.
[Collection(SharedInfrastructure.Name)]
public sealed class StartupTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Theory]
    [InlineData("Verification:CallingHours", "9 to 5")]
    [InlineData("Verification:TimeZone", "Mars/Olympus")]
    [InlineData("Verification:RetainPersonalDataFor", "00:00:00")]
    [InlineData("RoboCall:BaseUrl", "not a url")]
    [InlineData("RoboCall:DialTimeout", "01:00:00")]
    [InlineData("Jobs:WorkerCount", "0")]
    [InlineData("Shopify:ApiVersion", "latest")]
    [InlineData("Encryption:Key", "too-short")]
    [InlineData("Admin:ApiKey", "short")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "proxy.local")]
    [InlineData("Links:TokenRateLimitPermits", "0")]
    [InlineData("Outbound:AllowPrivateShopAddresses", "yes")]
    [InlineData("Jobs:PollCallsCron", "every minute")]
    [InlineData("Jobs:ReconcileCron", "")]
    [InlineData("Balances:Cron", "61 * * * *")]
    [InlineData("Sms:KeepMessagesFor", "-90.00:00:00")]
    [InlineData("Sms:KeepMessagesFor", "01:00:00")]
    [InlineData("WooCommerce:KeepNoteLedgerFor", "1.00:00:00")]
    [InlineData("Verification:KeepTimelineFor", "7.00:00:00")]
    [InlineData("Jobs:PruneFinishedCron", "hourly")]
    public async Task A_bad_setting_stops_the_start_with_a_message_naming_its_key(string key, string value)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { [key] = value });

        Assert.Contains(key, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeline_kept_shorter_than_the_personal_data_is_refused_naming_both_keys()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Verification:RetainPersonalDataFor"] = "60.00:00:00",
            ["Verification:KeepTimelineFor"] = "45.00:00:00",
        });

        Assert.Contains("Verification:KeepTimelineFor must be at least Verification:RetainPersonalDataFor", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_service_that_keeps_personal_data_longer_than_the_default_timeline_starts_and_keeps_its_timelines_as_long()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Roles"] = "web",
            ["Verification:RetainPersonalDataFor"] = "365.00:00:00",
        });

        var pruner = app.Services.GetServices<IRetentionPruner>().Single(p => p.KeepKey == "Verification:KeepTimelineFor");
        Assert.Equal(TimeSpan.FromDays(365), pruner.Keep);
    }

    [Fact]
    public async Task Missing_credentials_outside_development_are_named()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Dashboard:Password"] = "" });

        Assert.Contains("Dashboard:Password is required outside Development", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_missing_or_invalid_setting_is_named_in_one_start()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Encryption:Key"] = "",
            ["Admin:ApiKey"] = "",
            ["Dashboard:Username"] = "",
            ["Dashboard:Password"] = "",
            ["Verification:CallingHours"] = "9 to 5",
        });

        var start = error.IndexOf("The service cannot start: ", StringComparison.Ordinal);
        Assert.True(start >= 0, error);
        var message = error[start..];
        foreach (var key in new[] { "Encryption:Key", "Admin:ApiKey", "Dashboard:Username", "Dashboard:Password", "Verification:CallingHours" })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("web")]
    [InlineData("worker")]
    public async Task One_role_alone_on_the_embedded_storage_is_refused(string roles)
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Roles"] = roles }, embedded: true);

        Assert.Contains("ConnectionStrings:OrderConfirm", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_alone_answers_its_probes_and_its_scrape_and_serves_neither_the_api_nor_the_pages()
    {
        await using var worker = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["Roles"] = "worker" });
        using var client = worker.CreateClient();

        var live = await client.GetAsync("/health/live");
        var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["database"]!["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/stores")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/login")).StatusCode);
        // Its own numbers (the step runners' and the processor's work) are scraped from it; the queue gauges once sampled.
        await Eventually.WaitAsync(async () =>
        {
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            scrape.Headers.Authorization = new("Bearer", OrderConfirmApp.AdminKey);
            using var metrics = await client.SendAsync(scrape);
            return metrics.StatusCode == HttpStatusCode.OK && (await metrics.Content.ReadAsStringAsync()).Contains("orderconfirm_queue_due{", StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Readiness_fails_while_the_database_is_unreachable_and_liveness_does_not()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var app = OrderConfirmApp.Start(connectionString, roboCall);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        await AdminAsync($"alter database {database} with allow_connections false");
        await AdminAsync($"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{database}'");
        NpgsqlConnection.ClearAllPools();
        try
        {
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            var body = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
            Assert.Equal("Unhealthy", body["status"]!.GetValue<string>());
            Assert.Equal("Unhealthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.StartsWith("PostgreSql is not reachable", body["checks"]!["database"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            await AdminAsync($"alter database {database} with allow_connections true");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    private async Task<string> StartFailureAsync(Dictionary<string, string?> overrides, bool embedded = false)
    {
        // The test host sometimes reports its own disposal instead of the start-up error that caused it; that is
        // the harness, not the service, so the start is tried again.
        for (var tries = 1; ; tries++)
        {
            var connectionString = embedded ? null : await postgres.CreateDatabaseAsync();
            var error = Record.Exception(() =>
            {
                using var app = OrderConfirmApp.Start(connectionString, roboCall, overrides);
            });
            Assert.NotNull(error);
            if (error is not ObjectDisposedException || tries == 3)
            {
                return Flatten(error);
            }
        }
    }

    private static string Flatten(Exception error) => error switch
    {
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(Flatten)),
        _ => error.Message + (error.InnerException is { } inner ? "\n" + Flatten(inner) : ""),
    };

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(postgres.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
