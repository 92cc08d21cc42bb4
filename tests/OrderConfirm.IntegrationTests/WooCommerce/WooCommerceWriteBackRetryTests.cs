using Microsoft.Extensions.DependencyInjection;
using OrderConfirm.WooCommerce;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// A write-back that fails half-way, or runs twice, still leaves the order with one status change, one meta entry and
/// one note: the PUT may be repeated, the note is looked for before it is added.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceWriteBackRetryTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly WooCommerceStoreStub _woo = new();

    [Theory]
    [InlineData(503, 1, null, false)]
    [InlineData(429, 1, "1", false)] // a host's or security plugin's rate limit, waited out as it asks
    [InlineData(500, 4, null, true)] // more than the HTTP client's three retries: the write-back's own retry takes over
    public async Task Failing_put_is_retried_and_written_once(int status, int times, string? retryAfter, bool writeBackRetry)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["WooCommerce:RetryDelay"] = "00:00:00.100" });
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1,
            prepare: id => _woo.FailNext($"/orders/{id}", times, status, retryAfter, method: "PUT"));

        var done = await admin.WaitForStatusAsync(order.Id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        var puts = _woo.Requests("PUT", $"/orders/{order.OrderId}");
        Assert.Equal(Enumerable.Repeat(status, times).Append(200), puts.Select(p => p.Status));
        Assert.All(puts, p => Assert.Equal(puts[0].Body, p.Body));
        Assert.Equal("processing", _woo.Order(order.OrderId)!.Status);
        Assert.Single(_woo.Notes(order.OrderId), n => n.Note == "Order status changed from On hold to Processing.");
        Assert.Single(_woo.OurNotes(order.OrderId));
        Assert.Equal(writeBackRetry, done.TimelineKinds().Contains("write-back-retry"));
    }

    [Fact]
    public async Task Note_whose_answer_was_lost_is_found_on_the_next_attempt_and_not_added_again()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["WooCommerce:RequestTimeout"] = "00:00:01" });
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        // PHP adds the note, then dies before answering.
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1,
            prepare: id => _woo.FailNext($"/orders/{id}/notes", status: 500, method: "POST", afterApplying: true));

        var done = await admin.WaitForStatusAsync(order.Id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.True(done.TimelineSays("adding the order note"), done.ToJsonString());
        Assert.True(done.TimelineSays("the note was already there"), done.ToJsonString());
        Assert.Equal([500], _woo.Requests("POST", $"/orders/{order.OrderId}/notes").Select(r => r.Status));
        Assert.Single(_woo.OurNotes(order.OrderId));
        Assert.Single(_woo.Requests("PUT", $"/orders/{order.OrderId}")); // the second attempt found the status and meta in place
    }

    [Fact]
    public async Task Note_still_being_added_after_we_stopped_waiting_is_not_added_twice()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, new Dictionary<string, string?> { ["WooCommerce:RequestTimeout"] = "00:00:01" });
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        // A slow PHP worker: it adds the note 2.5 s after the request, long after we gave up waiting at 1 s.
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1,
            prepare: id => _woo.DelayNext($"/orders/{id}/notes", TimeSpan.FromSeconds(2.5), method: "POST"));

        var done = await admin.WaitForStatusAsync(order.Id, "confirmed");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.True(done.TimelineSays("adding the order note"), done.ToJsonString());
        Assert.True(done.TimelineSays("the note was already there"), done.ToJsonString());
        Assert.Single(_woo.Requests("POST", $"/orders/{order.OrderId}/notes"));
        Assert.Single(_woo.OurNotes(order.OrderId));
    }

    [Fact]
    public async Task Write_back_run_again_after_it_finished_changes_nothing()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var app = OrderConfirmApp.Start(database, roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 2);
        await admin.WaitForStatusAsync(order.Id, "cancelled");

        // As when the job ran twice, or its result was lost before it was recorded: the row is back in the write-back
        // and another run takes its turn.
        await using (var connection = new Npgsql.NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("update verifications set step = 'apply' where id = @id", connection);
            command.Parameters.AddWithValue("id", order.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        var writeBack = app.Services.GetRequiredKeyedService<IOrderWriteBack>(WooCommercePlatform.Key);
        var store = await app.Services.GetRequiredService<StoreRepository>().GetAsync(storeId, CancellationToken.None);
        var verification = await app.Services.GetRequiredService<VerificationRepository>().GetAsync(order.Id, CancellationToken.None);
        var turn = await app.Services.GetRequiredService<WriteBackTurns>().ClaimAsync(verification!, CancellationToken.None);
        var again = await writeBack.ApplyAsync(store!, verification!, turn!, CancellationToken.None);

        var done = Assert.IsType<WriteBackResult.Done>(again);
        Assert.Contains("the note was already there", done.Summary, StringComparison.Ordinal);
        Assert.Single(_woo.Requests("PUT", $"/orders/{order.OrderId}"));
        Assert.Single(_woo.Requests("POST", $"/orders/{order.OrderId}/notes"));
        Assert.Single(_woo.OurNotes(order.OrderId));
        Assert.Equal("cancelled", _woo.Order(order.OrderId)!.Status);
    }

    public void Dispose() => _woo.Dispose();
}
