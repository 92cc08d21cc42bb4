using System.Net;
using System.Net.Http.Json;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.IntegrationTests.Verification;

/// What PlaceCall itself checks when it runs, whatever the intake decided earlier, and what it does when something
/// fails before the dial. Most tests run a host without the worker role, set a state, then run PlaceCall once by hand.
[Collection(SharedInfrastructure.Name)]
public sealed class PlaceCallChecksTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    private static readonly Dictionary<string, string?> WebOnly = new() { ["Roles"] = "web" };

    [Theory]
    [InlineData("store disabled")]
    [InlineData("phone erased")]
    [InlineData("outside calling hours")]
    public async Task PlaceCall_checks_again_when_it_runs_and_does_not_dial(string change)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var orderId = $"check-{Guid.NewGuid():N}";
        var id = await client.SubmitOrderAsync(storeId, orderId, typed);
        var karachi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Karachi");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, karachi);
        var opens = (now.Hour + 3) % 24;

        switch (change)
        {
            case "store disabled":
                Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/stores/{storeId}", new { enabled = false })).StatusCode);
                break;
            case "phone erased":
                await app.Services.GetRequiredService<VerificationRepository>().EraseCustomerAsync(storeId, [orderId], CancellationToken.None);
                break;
            default:
                var hours = new { callingHours = $"{opens:00}:00-{(opens + 1) % 24:00}:00", timeZone = "Asia/Karachi" };
                Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/stores/{storeId}", new { settings = hours })).StatusCode);
                break;
        }

        Assert.Equal("pending", (await client.GetVerificationAsync(id))["status"]!.GetValue<string>());
        await app.RunPlaceCallAsync(id);

        var row = await client.GetVerificationAsync(id);
        Assert.Equal(0, roboCall.DialCount(phone));
        Assert.DoesNotContain("dialing", row.TimelineKinds());
        if (change == "outside calling hours")
        {
            var day = now.Hour + 3 < 24 ? now.Date : now.Date.AddDays(1);
            Assert.Equal("pending", row["status"]!.GetValue<string>());
            Assert.Equal(new DateTimeOffset(day.AddHours(opens), TimeSpan.FromHours(5)), row["nextStepAt"]!.GetValue<DateTimeOffset>());
        }
        else
        {
            Assert.Equal("skipped", row["status"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Order_the_shop_closed_while_its_create_was_processed_is_never_dialled()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var orderId = $"race-{Guid.NewGuid():N}";
        var id = await client.SubmitOrderAsync(storeId, orderId, typed);

        // What a cancel processed at the same moment as the create leaves: the shop's word, and a pending verification.
        await app.Services.GetRequiredService<ShopOrders>().MarkClosedAsync(storeId, orderId, "cancelled", CancellationToken.None);
        await app.RunPlaceCallAsync(id);

        var row = await client.GetVerificationAsync(id);
        Assert.Equal("skipped", row["status"]!.GetValue<string>());
        Assert.Equal("The order was cancelled in the shop before the call", row["reason"]!.GetValue<string>());
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Phone_that_cannot_be_decrypted_needs_attention_and_nobody_is_called()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var app = OrderConfirmApp.Start(database, roboCall, WebOnly);
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        var id = await client.SubmitOrderAsync(storeId, $"key-{Guid.NewGuid():N}", typed);

        // As if the phone had been encrypted with a key that was since removed from Encryption:PreviousKeys.
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("update verifications set phone = 'v1.retired.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' where id = @id", connection);
            update.Parameters.AddWithValue("id", id);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await app.RunPlaceCallAsync(id);

        var row = await client.GetVerificationAsync(id);
        Assert.Equal("needs-attention", row["status"]!.GetValue<string>());
        Assert.Equal(
            "The phone number cannot be decrypted with the configured keys (Encryption:Key, Encryption:PreviousKeys); nobody was called.",
            row["reason"]!.GetValue<string>());
        Assert.DoesNotContain("dialing", row.TimelineKinds());
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task Failures_before_the_dial_are_counted_and_retried_then_the_call_goes_through()
    {
        var guard = new FailingGuard(failures: 2);
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?> { ["Verification:CallFailureRetryDelay"] = "00:00:00.200" },
            services => services.AddKeyedSingleton<IOrderGuard>(Platforms.Custom, guard));
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));
        roboCall.CallStatuses(RoboCallStub.CallId(phone), (2, 1, 0));

        var id = await client.SubmitOrderAsync(storeId, $"flaky-{Guid.NewGuid():N}", typed);
        var done = await client.WaitForStatusAsync(id, "confirmed");

        Assert.Equal(3, guard.Calls);
        Assert.Equal(2, done.TimelineKinds().Count(k => k == "call-failed"));
        Assert.Equal(1, roboCall.DialCount(phone));
        Assert.Equal(0, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount());
    }

    [Fact]
    public async Task Failures_before_the_dial_that_keep_coming_end_in_needs_attention()
    {
        var guard = new FailingGuard(failures: int.MaxValue);
        await using var app = OrderConfirmApp.Start(
            await postgres.CreateDatabaseAsync(),
            roboCall,
            new Dictionary<string, string?>
            {
                ["Verification:CallFailureRetryDelay"] = "00:00:00.200",
                ["Verification:MaxCallFailures"] = "3",
            },
            services => services.AddKeyedSingleton<IOrderGuard>(Platforms.Custom, guard));
        using var client = app.AdminClient();
        var storeId = await client.CreateCustomStoreAsync();
        var (phone, typed) = RoboCallStub.NewPhone();
        roboCall.AcceptCall(phone, RoboCallStub.CallId(phone));

        var id = await client.SubmitOrderAsync(storeId, $"broken-{Guid.NewGuid():N}", typed);
        var stopped = await client.WaitForStatusAsync(id, "needs-attention");
        await Task.Delay(TimeSpan.FromSeconds(4)); // several sweeper runs: nothing re-drives it

        var reason = stopped["reason"]!.GetValue<string>();
        Assert.Contains("InvalidOperationException", reason, StringComparison.Ordinal);
        Assert.Contains("nobody was called", reason, StringComparison.Ordinal);
        Assert.Equal(3, guard.Calls);
        Assert.Equal(2, stopped.TimelineKinds().Count(k => k == "call-failed"));
        Assert.Equal(0, roboCall.DialCount(phone));
        Assert.Equal(0, app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().FailedCount());
    }

    // Stands in for any dependency PlaceCall uses before the dial (the shop's re-read here) that throws a few times.
    private sealed class FailingGuard(int failures) : IOrderGuard
    {
        private int _calls;

        public int Calls => _calls;

        public string Platform => Platforms.Custom;

        public Task<string?> ReasonNotToCallAsync(Store store, VerificationRecord verification, CancellationToken cancellationToken)
            => Interlocked.Increment(ref _calls) <= failures
                ? throw new InvalidOperationException("the shop could not be read")
                : Task.FromResult<string?>(null);
    }
}
