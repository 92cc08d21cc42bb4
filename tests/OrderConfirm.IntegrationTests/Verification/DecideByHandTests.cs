using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OrderConfirm.IntegrationTests.Infrastructure;
using OrderConfirm.IntegrationTests.Merchant;
using OrderConfirm.IntegrationTests.StoreUsers;

namespace OrderConfirm.IntegrationTests.Verification;

/// An outcome marked by hand, by the operator (POST /api/verifications/{id}/decide) or a store owner (the order page):
/// written back like a call's, named as a person's decision, and never over the customer's own answer.
[Collection(SharedInfrastructure.Name)]
public sealed class DecideByHandTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    // No call within a test: the verification waits in step 'call', as before its first call.
    private static readonly Dictionary<string, string?> NoCallYet = new(MerchantClient.Settings) { ["Verification:CallDelay"] = "01:00:00" };

    [Fact]
    public async Task A_shopify_order_the_operator_marks_cancelled_is_cancelled_in_shopify_as_an_operators_decision_and_nobody_is_called()
    {
        using var shop = new ShopifyAdminStub().MutationsSucceed();
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet);
        using var admin = app.AdminClient();
        using var sender = app.CreateClient();
        var store = await admin.CreateShopifyStoreAsync("Lahore Lawn", apiBaseUrl: shop.BaseUrl);
        var (phone, typed) = RoboCallStub.NewPhone();
        var orderId = 7_780_000_000 + Random.Shared.Next(1_000_000);
        shop.Order(orderId);
        using var delivery = ShopifyWebhooks.Delivery(store.Domain, "orders/create", ShopifyWebhooks.Order(orderId, typed), store.Secret, Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.OK, (await sender.SendAsync(delivery)).StatusCode);
        var id = (await admin.WaitForOrderAsync(store.StoreId, orderId))["id"]!.GetValue<long>();
        await admin.WaitForStatusAsync(id, "pending");

        var decided = await admin.PostAsJsonAsync($"/api/verifications/{id}/decide", new { outcome = "cancelled" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        var done = await admin.WaitForStatusAsync(id, "cancelled");
        Assert.Equal("done", done["writeBack"]!.GetValue<string>());
        Assert.Equal("operator", done["decidedBy"]!.GetValue<string>());
        var cancel = Assert.Single(shop.Operations("CancelOrder"));
        Assert.Equal("Cancelled by hand in OrderConfirm by an operator", ShopifyAdminStub.Variables(cancel).GetProperty("staffNote").GetString());
        Assert.Contains(shop.Server.LogEntries, e => e.RequestMessage?.Body?.Contains("cod-cancelled", StringComparison.Ordinal) == true);
        Assert.Contains(Messages(done), m => m == "Marked cancelled by hand by an operator");
        Assert.Equal(0, roboCall.DialCount(phone));
    }

    [Fact]
    public async Task The_customers_answer_on_the_call_wins_over_a_decision_by_hand_and_a_bad_outcome_is_named()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync("Lahore Lawn");
        var (phone, typed) = RoboCallStub.NewPhone();
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, (8, null, 0), (1, null, 0), ("2", 1, "0"));
        var id = await admin.SubmitOrderAsync(storeId, $"answered-{Guid.NewGuid():N}", typed);
        await admin.WaitForStatusAsync(id, "confirmed");

        var overruled = await admin.PostAsJsonAsync($"/api/verifications/{id}/decide", new { outcome = "cancelled" });
        var unknown = await admin.PostAsJsonAsync($"/api/verifications/{id}/decide", new { outcome = "maybe" });
        var missing = await admin.PostAsJsonAsync("/api/verifications/999999/decide", new { outcome = "confirmed" });

        Assert.Equal(HttpStatusCode.Conflict, overruled.StatusCode);
        Assert.Contains("without the customer's answer", await overruled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["outcome"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var still = await admin.GetVerificationAsync(id);
        Assert.Equal(("confirmed", "call"), (still["status"]!.GetValue<string>(), still["decidedBy"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_store_owner_marks_an_order_cancelled_on_its_page_after_being_asked_and_cannot_touch_another_stores()
    {
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, NoCallYet);
        using var admin = app.AdminClient();
        var storeA = await admin.CreateCustomStoreAsync("Lahore Lawn");
        var storeB = await admin.CreateCustomStoreAsync("Karachi Kurta");
        var (phone, typed) = RoboCallStub.NewPhone();
        var own = await admin.SubmitOrderAsync(storeA, $"LL-{Guid.NewGuid():N}", typed);
        var other = await admin.SubmitOrderAsync(storeB, $"KK-{Guid.NewGuid():N}", typed);
        var (email, password) = StoreOwnerLogins.NewLogin();
        var login = await admin.CreateLoginAsync(storeA, email, password);
        using var owner = new MerchantClient(app);
        await owner.SignInAsync(email, password);

        var asked = await owner.PageAsync($"/orders/{own}?decide=cancelled");
        Assert.Contains("cancelled by hand?", asked, StringComparison.Ordinal);
        var token = await owner.TokenAsync($"/orders/{own}?decide=cancelled");
        var elsewhere = await owner.Http.PostAsync(new Uri($"/orders/{other}?handler=Decide", UriKind.Relative), Form(token, "cancelled"));
        var tokenless = await owner.Http.PostAsync(new Uri($"/orders/{own}?handler=Decide", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "cancelled" }));
        var decided = await owner.Http.PostAsync(new Uri($"/orders/{own}?handler=Decide", UriKind.Relative), Form(token, "cancelled"));

        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tokenless.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        Assert.Equal($"/orders/{own}?did=cancelled", decided.Headers.Location!.ToString());
        var done = await admin.WaitForStatusAsync(own, "cancelled");
        Assert.Equal("owner", done["decidedBy"]!.GetValue<string>());
        Assert.Contains(Messages(done), m => m == $"Marked cancelled by hand by the store owner (login {login})");
        Assert.DoesNotContain(Messages(done), m => m.Contains(email, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("pending", (await admin.GetVerificationAsync(other))["status"]!.GetValue<string>());
        Assert.Equal(0, roboCall.DialCount(phone));

        // Decided: the page offers no second decision, and a replayed form is refused.
        Assert.DoesNotContain("?decide=", await owner.PageAsync($"/orders/{own}"), StringComparison.Ordinal);
        var again = await owner.Http.PostAsync(new Uri($"/orders/{own}?handler=Decide", UriKind.Relative), Form(token, "confirmed"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    private static FormUrlEncodedContent Form(string token, string outcome)
        => new(new Dictionary<string, string> { ["outcome"] = outcome, ["__RequestVerificationToken"] = token });

    private static List<string> Messages(JsonObject verification)
        => verification["timeline"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).ToList();
}
