using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// The real service (real Hangfire server, real HTTP clients) on a real database, with Robo Call pointed at WireMock
/// and the timings shrunk so a whole verification takes seconds.
public sealed class OrderConfirmApp(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services) : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";
    public const string DashboardUser = "merchant";
    public const string DashboardPassword = "dashboard-pass-123";
    public const string EncryptionKey = "rIQpJWEjOuB9BvKjWfjS4KiSMne5OcZ/5hKWfbrl8iI=";

    static OrderConfirmApp()
    {
        LeakScan.Secret(AdminKey);
        LeakScan.Secret(DashboardPassword);
        LeakScan.Secret(EncryptionKey);
    }

    public CapturedLogs Logs { get; } = new();

    public string? SqlitePath => settings["Storage:SqlitePath"];

    public static OrderConfirmApp Start(string? postgres, RoboCallStub roboCall, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null, bool kestrel = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:OrderConfirm"] = postgres ?? "",
            ["Storage:SqlitePath"] = Path.Combine(Path.GetTempPath(), $"orderconfirm-test-{Guid.NewGuid():N}", "oc.db"),
            ["Storage:HangfireSchema"] = "hangfire",
            ["Admin:ApiKey"] = AdminKey,
            ["Dashboard:Username"] = DashboardUser,
            ["Dashboard:Password"] = DashboardPassword,
            ["Encryption:Key"] = EncryptionKey,
            ["RoboCall:BaseUrl"] = roboCall.BaseUrl,
            ["RoboCall:ApiKey"] = RoboCallStub.ApiKey,
            ["RoboCall:DialTimeout"] = "00:00:05",
            ["RoboCall:ReadTimeout"] = "00:00:02",
            ["Verification:CallDelay"] = "00:00:00",
            // Every dial re-reads the order, as before RereadOrderAfter, so the guard tests see the shop's word; the
            // tests of the fresh-order skip set it per host.
            ["Verification:RereadOrderAfter"] = "00:00:00",
            ["WooCommerce:HoldWithoutReadWithin"] = "00:00:00",
            ["Verification:PollInterval"] = "00:00:00.200",
            ["Verification:GiveUpAfter"] = "00:01:00",
            ["Verification:CallingHours"] = "00:00-24:00",
            ["Verification:TimeZone"] = "Asia/Karachi",
            ["Verification:VoiceId"] = "102",
            ["Verification:WriteBackRetryDelay"] = "00:00:00.200",
            // One dial per order, as the engine tests written before re-attempts expect; re-attempt tests turn them on per store.
            ["Verification:Reattempts"] = "0",
            ["Jobs:SchedulePollingInterval"] = "00:00:00.200",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Jobs:PollCallsCron"] = "* * * * * *",
            ["Jobs:SweeperCron"] = "* * * * * *",
            ["Jobs:SweeperGrace"] = "00:00:03",
            // SMS go out as soon as they are due: the stubbed calls end within a second, and a received SMS gathered
            // for a batch would meet the call's outcome and be dropped (SmsBatchTests run the batch job themselves).
            ["Sms:BatchGather"] = "00:00:00",
            // The hourly and quarter-hourly jobs stay out of the way (once a year): a reconciliation or a balance check
            // that happens to fall inside a test would send requests its stubs count. Tests of those jobs run them.
            ["Jobs:ReconcileCron"] = "0 0 1 1 *",
            ["Jobs:EnsureWebhooksCron"] = "0 0 1 1 *",
            ["Balances:Cron"] = "0 0 1 1 *",
            ["Jobs:WorkerCount"] = "8",
            // The WireMock shops listen on http://localhost: store URLs there are refused without these (off by default).
            ["Outbound:AllowPrivateShopAddresses"] = "true",
            ["Outbound:AllowPlainHttp"] = "true",
            // Every category at Trace: each host's log is scanned for phones, keys and tokens when it is disposed.
            ["Logging:LogLevel:Default"] = "Trace",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var app = new OrderConfirmApp(settings, services);
        if (kestrel)
        {
            // A real socket, for what only Kestrel enforces (request body limits).
            app.UseKestrel(0);
        }

        // Creating the client starts the host: migrations, Hangfire server, recurring jobs.
        using var client = app.CreateClient();
        return app;
    }

    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminKey);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        ReleasePool();
        var leaks = LeakScan.Find(Logs.Lines);
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException($"{leaks.Count} log lines carry a phone number, key or token:\n{string.Join("\n", leaks.Take(5))}");
        }
    }

    private void ReleasePool()
    {
        // Hangfire.PostgreSql opens connections through Npgsql's global pool for this connection string; with a
        // database per test host those idle connections would pile up until PostgreSQL refuses new clients.
        if (settings["ConnectionStrings:OrderConfirm"] is { Length: > 0 } postgres)
        {
            using var connection = new Npgsql.NpgsqlConnection(postgres);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs));
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }
}
