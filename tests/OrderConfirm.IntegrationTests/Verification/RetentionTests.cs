using Dapper;
using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Storage;

namespace OrderConfirm.IntegrationTests.Verification;

/// Phone numbers and names are kept only as long as Verification:RetainPersonalDataFor after the verification ends.
[Collection(SharedInfrastructure.Name)]
public sealed class RetentionTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task A_finished_verification_loses_phone_and_name_after_the_retention_period_and_keeps_its_outcome()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:RetainPersonalDataFor"] = "00:00:03",
            ["Jobs:RetentionCron"] = "* * * * * *",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));
        var finished = await client.SubmitOrderAsync(storeId, $"retain-{Guid.NewGuid():N}", typed);
        var laterStore = await client.CreateCustomStoreAsync("Later Store", settings: new { callDelay = "01:00:00" });
        var waiting = await client.SubmitOrderAsync(laterStore, $"waiting-{Guid.NewGuid():N}", RoboCallStub.NewPhone().AsTyped);
        var done = await client.WaitForStatusAsync(finished, "confirmed");
        Assert.Equal("********" + phone[^4..], done["phone"]!.GetValue<string>());

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await client.GetVerificationAsync(finished))["phone"] is not null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the phone was not erased after the retention period");
            await Task.Delay(200);
        }

        var erased = await client.GetVerificationAsync(finished);
        Assert.Equal("confirmed", erased["status"]!.GetValue<string>());
        Assert.Equal(RoboCallStub.CallId(phone), erased["callId"]!.GetValue<string>());
        Assert.Contains("redacted", erased.TimelineKinds());
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(string? Phone, string? Name)>(new CommandDefinition("select phone, customer_name from verifications where id = @finished", new { finished }));
        Assert.Null(row.Phone);
        Assert.Null(row.Name);
        // A verification still waiting for its call keeps what it needs to make it.
        Assert.NotNull((await client.GetVerificationAsync(waiting))["phone"]);
    }

    [Fact]
    public async Task A_failed_webhook_delivery_keeps_its_body_for_a_replay_only_until_the_retention_period_ends()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?>
        {
            ["Verification:RetainPersonalDataFor"] = "1.00:00:00",
            ["Jobs:RetentionCron"] = "* * * * * *",
        });
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        const string insert = """
            insert into webhook_deliveries (platform, delivery_id, store_id, topic, received_at, body, status, attempts, result)
            values ('shopify', @deliveryId, @storeId, 'orders/create', @receivedAt, 'v1.00000000.c2VhbGVk', 'failed', 15, 'applying: InvalidOperationException')
            """;
        await connection.ExecuteAsync(new CommandDefinition(insert, new { deliveryId = "old", storeId, receivedAt = (DateTimeOffset.UtcNow - TimeSpan.FromDays(2)).ToMs() }));
        await connection.ExecuteAsync(new CommandDefinition(insert, new { deliveryId = "recent", storeId, receivedAt = (DateTimeOffset.UtcNow - TimeSpan.FromHours(2)).ToMs() }));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await connection.ExecuteScalarAsync<string>(new CommandDefinition("select status from webhook_deliveries where delivery_id = 'old'")) != "expired")
        {
            Assert.True(DateTime.UtcNow < deadline, "the old failed delivery kept its body past the retention period");
            await Task.Delay(200);
        }

        var rows = (await connection.QueryAsync<(string DeliveryId, string Status, string? Body, string Result)>(new CommandDefinition(
            "select delivery_id, status, body, result from webhook_deliveries order by delivery_id"))).ToList();
        Assert.Equal(("old", "expired", (string?)null), (rows[0].DeliveryId, rows[0].Status, rows[0].Body));
        Assert.Contains("InvalidOperationException", rows[0].Result, StringComparison.Ordinal); // the reason is kept
        Assert.Equal(("recent", "failed"), (rows[1].DeliveryId, rows[1].Status));
        Assert.NotNull(rows[1].Body);
    }
}
