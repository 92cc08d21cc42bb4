using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Sms;

namespace OrderConfirm.IntegrationTests.Sms;

/// SMS due together go to Robase in one batch request, each row still claimed once and recorded with its own result:
/// one row refused, the rest sent once; a batch whose own answer is lost leaves every row unknown and sends nothing
/// again; re-runs, duplicates and two runs at once send nothing twice. The recurring runs are moved out of the way, so
/// only the test's runs send.
[Collection(SharedInfrastructure.Name)]
public sealed class SmsBatchTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_with_one_row_refused_sends_the_rest_once_and_records_each_row(bool onPostgres)
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase, onPostgres ? await postgres.CreateDatabaseAsync() : null);
        var orders = await DueAsync(app, 5);
        robase.RefuseInBatch("+" + orders[2].Phone, "phone_invalid");

        await RunAsync(app);
        await RunAsync(app);

        var batch = Assert.Single(robase.Batches);
        Assert.Equal(5, batch.Body!["messages"]!.AsArray().Count);
        Assert.Equal("LAHORELAWN", (string?)batch.Body["from"]);
        Assert.DoesNotContain(robase.Requests, r => r.Path == "/v1/sms");
        var messages = app.Services.GetRequiredService<SmsMessageRepository>();
        using var admin = app.AdminClient();
        foreach (var (phone, id) in orders)
        {
            var row = Assert.Single(await messages.ListAsync(id, CancellationToken.None));
            var text = Assert.Single(robase.Texts("+" + phone));
            Assert.Equal($"orderconfirm-{id}-fallback-primary", text.IdempotencyKey);
            var timeline = await TimelineAsync(admin, id);
            if (phone == orders[2].Phone)
            {
                Assert.Equal((SmsStatuses.Failed, "InvalidNumber: phone_invalid", null), (row.Status, row.Detail, row.ProviderMessageId));
                Assert.Equal(0, robase.Created("+" + phone));
                Assert.Single(timeline, t => t.StartsWith("SMS fallback via robase", StringComparison.Ordinal) && t.EndsWith("not sent (InvalidNumber, phone_invalid)", StringComparison.Ordinal));
            }
            else
            {
                Assert.Equal(SmsStatuses.Sent, row.Status);
                Assert.StartsWith("01H8XKQJ3Z9S7K1X2Y3Z", row.ProviderMessageId, StringComparison.Ordinal);
                Assert.Equal(1, robase.Created("+" + phone));
                Assert.Single(timeline, t => t.StartsWith("SMS fallback via robase", StringComparison.Ordinal) && t.Contains(": sent", StringComparison.Ordinal));
            }
        }

        Assert.Empty(await app.Services.GetRequiredService<SmsDue>().OverdueAsync(DateTimeOffset.UtcNow.AddDays(2), 100, CancellationToken.None));
    }

    // Robase created the messages and then answered 503 on every attempt (retried under the same keys): the customers
    // may have them, so each row is unknown, and neither a re-run nor a duplicate due row sends one again.
    [Fact]
    public async Task A_batch_whose_answer_is_lost_leaves_every_row_unknown_and_sends_none_again()
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase, await postgres.CreateDatabaseAsync());
        var orders = await DueAsync(app, 3);
        robase.FailBatchesAfterStoring(503, times: 2);

        await RunAsync(app);
        foreach (var (_, id) in orders)
        {
            await app.Services.GetRequiredService<SmsDue>().AddAsync(id, SmsEvents.Fallback, CancellationToken.None);
        }

        await RunAsync(app);

        Assert.Equal(2, robase.Batches.Count); // the first attempt and its one retry, same keys
        var messages = app.Services.GetRequiredService<SmsMessageRepository>();
        using var admin = app.AdminClient();
        foreach (var (phone, id) in orders)
        {
            Assert.Equal(1, robase.Created("+" + phone));
            Assert.Equal(SmsStatuses.Unknown, Assert.Single(await messages.ListAsync(id, CancellationToken.None)).Status);
            Assert.Single(await TimelineAsync(admin, id), t => t.StartsWith("SMS fallback via robase", StringComparison.Ordinal) && t.Contains("outcome unknown", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_runs_at_once_send_each_sms_once_in_batches(bool onPostgres)
    {
        using var robase = new RobaseStub();
        await using var app = Start(robase, onPostgres ? await postgres.CreateDatabaseAsync() : null);
        var orders = await DueAsync(app, 8);

        await Task.WhenAll(RunAsync(app), RunAsync(app), RunAsync(app));

        foreach (var (phone, _) in orders)
        {
            Assert.Single(robase.Texts("+" + phone));
            Assert.Equal(1, robase.Created("+" + phone));
        }

        Assert.InRange(robase.Requests.Count, 1, 3);
    }

    private OrderConfirmApp Start(RobaseStub robase, string? postgres) => OrderConfirmApp.Start(postgres, roboCall, new Dictionary<string, string?>
    {
        ["Sms:Robase:BaseUrl"] = robase.BaseUrl,
        ["Sms:Robase:RetryDelay"] = "00:00:00.050",
        ["Sms:Robase:MaxRetries"] = "1",

        // Once a year: neither the recurring batch run nor the sweep takes the rows the test's runs are to take.
        ["Jobs:SweeperCron"] = "0 0 1 1 *",
    });

    private static async Task RunAsync(OrderConfirmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await ActivatorUtilities.CreateInstance<SendDueSmsJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
    }

    // Orders of one Robase store whose calls are due tomorrow and whose received SMS is off; each gets its fallback SMS
    // recorded as due without a signal, so only the test's runs send them.
    private static async Task<List<(string Phone, long Id)>> DueAsync(OrderConfirmApp app, int count)
    {
        using var admin = app.AdminClient();
        var created = await admin.PostAsJsonAsync("/api/stores", new
        {
            name = "Lahore Lawn",
            platform = "custom",
            sms = new { provider = "robase", apiKey = RobaseStub.LiveKey, from = "LAHORELAWN" },
            settings = new { callDelay = "23:00:00", smsEvents = new { received = false } },
        });
        created.EnsureSuccessStatusCode();
        var storeId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        var due = app.Services.GetRequiredService<SmsDue>();
        var orders = new List<(string Phone, long Id)>();
        for (var i = 0; i < count; i++)
        {
            var (phone, typed) = RoboCallStub.NewPhone();
            var id = await admin.SubmitOrderAsync(storeId, Guid.NewGuid().ToString("N"), typed);
            await due.AddAsync(id, SmsEvents.Fallback, CancellationToken.None);
            orders.Add((phone, id));
        }

        return orders;
    }

    private static async Task<List<string>> TimelineAsync(HttpClient admin, long id)
        => (await admin.GetFromJsonAsync<JsonObject>($"/api/verifications/{id}"))!["timeline"]!.AsArray().Select(e => (string)e!["message"]!).ToList();
}
