using System.Net;
using System.Net.Http.Json;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.WooCommerce;

/// A store that refuses our REST key is flagged with what to check, its verification waits for a person, and the
/// fix the hint names gets the write-back through. The key never shows up in a log line.
[Collection(SharedInfrastructure.Name)]
public sealed class WooCommerceCredentialsTests(PostgresCluster postgres, RoboCallStub roboCall) : IDisposable
{
    private readonly WooCommerceStoreStub _woo = new();

    [Fact]
    public async Task Read_only_key_refused_on_the_write_flags_the_store_and_needs_attention_until_the_key_is_fixed()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        _woo.KeyPermissions = "read"; // reads pass, the PUT gets 401 woocommerce_rest_authentication_error
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1);

        var failed = await admin.WaitForStatusAsync(order.Id, "needs-attention");

        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());
        var reason = failed["reason"]!.GetValue<string>();
        Assert.Contains("401 (woocommerce_rest_authentication_error)", reason, StringComparison.Ordinal);
        Assert.Contains("Read/Write permission", reason, StringComparison.Ordinal);
        var attention = (await admin.StoreAsync(storeId))["attention"]!.GetValue<string>();
        Assert.Contains("Read/Write permission", attention, StringComparison.Ordinal);
        Assert.Contains("update the store's credentials", attention, StringComparison.Ordinal);
        Assert.Equal(401, Assert.Single(_woo.Requests("PUT", $"/orders/{order.OrderId}")).Status);
        Assert.Empty(_woo.Requests("POST", $"/orders/{order.OrderId}/notes"));
        Assert.Equal("on-hold", _woo.Order(order.OrderId)!.Status);
        Assert.Null(_woo.Order(order.OrderId)!.MetaValue("_orderconfirm_status"));

        // The owner gives the key write permission and saves it again: the flag clears, the retry writes.
        _woo.KeyPermissions = "read_write";
        var patched = await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { consumerKey = _woo.ConsumerKey, consumerSecret = _woo.ConsumerSecret });
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Null((await admin.StoreAsync(storeId))["attention"]);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/verifications/{order.Id}/retry-write-back", null)).StatusCode);
        var done = await admin.WaitForStatusAsync(order.Id, "confirmed");
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal("processing", _woo.Order(order.OrderId)!.Status);
        Assert.Single(_woo.OurNotes(order.OrderId));
    }

    [Fact]
    public async Task Basic_auth_stripped_by_the_host_needs_attention_and_query_string_auth_gets_through()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo);
        _woo.StripsAuthorizationHeader = true;
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 1);

        var failed = await admin.WaitForStatusAsync(order.Id, "needs-attention");

        Assert.Equal("failed", failed["writeBack"]!.GetValue<string>());
        Assert.Contains("401 (woocommerce_rest_cannot_view)", failed["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("turn on the store's queryStringAuth setting", (await admin.StoreAsync(storeId))["attention"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_woo.Requests("PUT", $"/orders/{order.OrderId}"));

        // What the hint says: send the key in the query string instead.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/stores/{storeId}", new { settings = new { queryStringAuth = true } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/verifications/{order.Id}/retry-write-back", null)).StatusCode);
        await admin.WaitForStatusAsync(order.Id, "confirmed");

        Assert.Equal("processing", _woo.Order(order.OrderId)!.Status);
        var put = Assert.Single(_woo.Requests("PUT", $"/orders/{order.OrderId}"));
        AssertQueryAuth(put);
        Assert.Single(_woo.OurNotes(order.OrderId));
    }

    [Fact]
    public async Task Query_string_auth_store_works_end_to_end_and_its_key_is_never_logged()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var (storeId, _) = await admin.CreateWooCommerceStoreAsync(_woo, settings: new { queryStringAuth = true });
        _woo.StripsAuthorizationHeader = true;
        var order = await admin.SubmitWooOrderAsync(_woo, roboCall, storeId, dtmf: 2);

        var done = await admin.WaitForStatusAsync(order.Id, "cancelled");

        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal("cancelled", _woo.Order(order.OrderId)!.Status);
        Assert.Single(_woo.OurNotes(order.OrderId));
        var sent = _woo.Requests().Where(r => r.Path.StartsWith($"/orders/{order.OrderId}", StringComparison.Ordinal)).ToList();
        Assert.Equal(["GET", "GET", "PUT", "POST"], sent.Select(r => r.Method)); // guard read, write-back read, PUT, note (no list: woocommerce_notes)
        Assert.All(sent, AssertQueryAuth);
        Assert.All(sent, r => Assert.InRange(r.Status, 200, 201));

        // The requests were logged (Trace level included), with the query redacted. LeakScan checks every line for
        // the key and the secret when the host is disposed; this says so here too.
        var logs = string.Join("\n", app.Logs.Lines);
        Assert.Contains($"/wp-json/wc/v3/orders/{order.OrderId}", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_woo.ConsumerSecret, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(_woo.ConsumerKey, logs, StringComparison.Ordinal);
    }

    public void Dispose() => _woo.Dispose();

    private void AssertQueryAuth(WooCommerceShopRequest request)
    {
        Assert.Null(request.Authorization);
        Assert.Equal(_woo.ConsumerKey, request.Query["consumer_key"]);
        Assert.Equal(_woo.ConsumerSecret, request.Query["consumer_secret"]);
    }
}
