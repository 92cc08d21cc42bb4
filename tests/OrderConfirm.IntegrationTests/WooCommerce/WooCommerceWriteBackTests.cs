using System.Globalization;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// The outcome lands on the WooCommerce order through REST v3 (the stub store): the status, the _orderconfirm_status
/// meta entry and one internal note, asserted on what the store received and on the order it now holds.
[Collection(SharedInfrastructure.Name)]
public sealed partial class WooCommerceWriteBackTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private const string MetaKey = "_orderconfirm_status";
    private readonly WooCommerceStoreStub _woo = new();

    [Theory]
    [InlineData(1, "confirmed", "processing")]
    [InlineData(2, "cancelled", "cancelled")]
    [InlineData(3, "callback", "on-hold")]
    [InlineData(null, "no-input", "on-hold")]
    public async Task Outcome_sets_the_status_the_meta_entry_and_one_note(int? dtmf, string outcome, string status)
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf);

        var done = await admin.WaitForStatusAsync(order.Id, outcome);

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal(1, roboCall.DialCount(order.Phone));
        var held = _woo.Order(order.OrderId)!;
        Assert.Equal(status, held.Status);
        Assert.Equal(outcome, held.MetaValue(MetaKey)?.GetString());

        // Re-read before the dial and again before writing, with the store's key as HTTP Basic.
        var reads = _woo.Requests("GET", $"/orders/{order.OrderId}");
        Assert.True(reads.Count >= 2, $"{reads.Count} reads of the order");
        Assert.All(reads, r => Assert.Equal(_woo.BasicAuthorization, r.Authorization));

        // One PUT with only what we change: the status when it changes, and the meta entry.
        var put = Assert.Single(_woo.Requests("PUT", $"/orders/{order.OrderId}"));
        Assert.Equal(_woo.BasicAuthorization, put.Authorization);
        Assert.Equal(200, put.Status);
        var body = put.Json!.AsObject();
        Assert.Equal(status == "on-hold" ? null : status, (string?)body["status"]);
        string[] sent = status == "on-hold" ? ["meta_data"] : ["meta_data", "status"];
        Assert.Equal(sent, body.Select(p => p.Key).Order(StringComparer.Ordinal));
        var meta = Assert.Single(body["meta_data"]!.AsArray())!;
        Assert.Equal((MetaKey, outcome), ((string?)meta["key"], (string?)meta["value"]));

        // One internal note: the result, the time in Pakistan time, the call id; never the phone.
        var post = Assert.Single(_woo.Requests("POST", $"/orders/{order.OrderId}/notes"));
        Assert.Equal(_woo.BasicAuthorization, post.Authorization);
        Assert.False((bool)post.Json!["customer_note"]!);
        var note = Assert.Single(_woo.OurNotes(order.OrderId));
        Assert.Equal((string?)post.Json!["note"], note.Note);
        Assert.False(note.CustomerNote);
        Assert.StartsWith($"OrderConfirm: {outcome.Replace('-', ' ')}", note.Note, StringComparison.Ordinal);
        Assert.Contains($"call id {order.CallId}", note.Note, StringComparison.Ordinal);
        Assert.Contains(status == "on-hold" ? "Order status left as on-hold." : $"Order status set to {status}.", note.Note, StringComparison.Ordinal);
        var placed = CallTime().Match(note.Note);
        Assert.True(placed.Success, note.Note);
        var karachi = DateTime.ParseExact(placed.Groups[1].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        Assert.InRange(karachi, DateTime.UtcNow.AddHours(5).AddMinutes(-3), DateTime.UtcNow.AddHours(5).AddMinutes(1));
        Assert.DoesNotContain(order.Phone[^7..], note.Note, StringComparison.Ordinal);

        // WooCommerce noted the status change itself, once, as the API user's doing.
        Assert.Equal(status == "on-hold" ? 0 : 1, _woo.Notes(order.OrderId).Count(n => n.Note.StartsWith("Order status changed from On hold", StringComparison.Ordinal)));
        Assert.Contains(done["timeline"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "write-back" && e["message"]!.GetValue<string>().Contains("note added", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_outcome_statuses_override_the_defaults()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new
        {
            outcomeStatuses = new Dictionary<string, string> { ["confirmed"] = "", ["no-input"] = "cancelled", ["callback"] = "pending" },
        });
        var confirmed = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1);
        var silent = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: null);
        var callback = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 3);

        await admin.WaitForStatusAsync(confirmed.Id, "confirmed");
        await admin.WaitForStatusAsync(silent.Id, "no-input");
        await admin.WaitForStatusAsync(callback.Id, "callback");

        // "" leaves the status alone: the meta entry and the note are still written.
        Assert.Equal("on-hold", _woo.Order(confirmed.OrderId)!.Status);
        Assert.Null(Assert.Single(_woo.Requests("PUT", $"/orders/{confirmed.OrderId}")).Json!["status"]);
        Assert.Equal("confirmed", _woo.Order(confirmed.OrderId)!.MetaValue(MetaKey)?.GetString());
        Assert.Contains("Order status left as on-hold.", Assert.Single(_woo.OurNotes(confirmed.OrderId)).Note, StringComparison.Ordinal);

        Assert.Equal("cancelled", _woo.Order(silent.OrderId)!.Status);
        Assert.Equal("cancelled", (string?)Assert.Single(_woo.Requests("PUT", $"/orders/{silent.OrderId}")).Json!["status"]);
        Assert.Single(_woo.OurNotes(silent.OrderId));

        Assert.Equal("pending", _woo.Order(callback.OrderId)!.Status);
        Assert.Single(_woo.OurNotes(callback.OrderId));
    }

    public void Dispose() => _woo.Dispose();

    [GeneratedRegex(@"Call placed (\d{4}-\d{2}-\d{2} \d{2}:\d{2}) PKT, ")]
    private static partial Regex CallTime();
}
