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
        roboCall.AcceptCall(phone, $"c{phone}");
        roboCall.CallStatuses($"c{phone}", (2, 1, 0));
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
        Assert.Equal($"c{phone}", erased["callId"]!.GetValue<string>());
        Assert.Contains("redacted", erased.TimelineKinds());
        await using var connection = await app.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var row = await connection.QuerySingleAsync<(string? Phone, string? Name)>(new CommandDefinition("select phone, customer_name from verifications where id = @finished", new { finished }));
        Assert.Null(row.Phone);
        Assert.Null(row.Name);
        // A verification still waiting for its call keeps what it needs to make it.
        Assert.NotNull((await client.GetVerificationAsync(waiting))["phone"]);
    }
}
