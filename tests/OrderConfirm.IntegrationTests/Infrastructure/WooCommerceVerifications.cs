using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OrderConfirm.IntegrationTests.Infrastructure;

/// A WooCommerce order under verification: the stub store's order id, the customer's phone and Robo Call's call id.
public sealed record WooCommerceVerification(long Id, long StoreId, long OrderId, string Phone, string CallId);

public static class WooCommerceVerifications
{
    /// The prefix of every note OrderConfirm adds to an order.
    public const string NotePrefix = "OrderConfirm:";

    /// An order as intake leaves it in the store (on-hold by default), a call that ends as the sequence says (by
    /// default answered at once with the key pressed), and the verification submitted through the API with the order's
    /// id, as every order source does. Prepare runs between the order's creation and the submission (to inject the
    /// store's failures for that order).
    public static async Task<WooCommerceVerification> SubmitWooOrderAsync(this HttpClient admin, WooCommerceStoreStub woo, RoboCallStub roboCall, long storeId, int? dtmf,
        string status = "on-hold", Action<long>? prepare = null, params (object Status, object? Dtmf, object? Retry)[] call)
    {
        var (phone, typed) = RoboCallStub.NewPhone();
        var order = woo.AddOrder(status: status, phone: typed);
        prepare?.Invoke(order.Id);
        var callId = RoboCallStub.CallId(phone);
        roboCall.AcceptCall(phone, callId);
        roboCall.CallStatuses(callId, call.Length > 0 ? call : [(2, dtmf, 0)]);
        var id = await admin.SubmitOrderAsync(storeId, order.Id.ToString(CultureInfo.InvariantCulture), typed);
        return new WooCommerceVerification(id, storeId, order.Id, phone, callId);
    }

    /// The notes OrderConfirm added to the order (WooCommerce's own status notes left out).
    public static IReadOnlyList<WooCommerceShopNote> OurNotes(this WooCommerceStoreStub woo, long orderId)
        => [.. woo.Notes(orderId).Where(n => n.Note.StartsWith(NotePrefix, StringComparison.Ordinal))];

    /// Our intake's writes to the order: the PUTs that set our pending mark.
    public static IReadOnlyList<WooCommerceShopRequest> HoldWrites(this WooCommerceStoreStub woo, long orderId)
        => [.. woo.Requests("PUT", $"/orders/{orderId}").Where(r => r.Json?["meta_data"] is JsonArray meta
            && meta.Any(m => (string?)m!["key"] == "_orderconfirm_status" && (string?)m["value"] == "pending"))];

    public static async Task<JsonObject> StoreAsync(this HttpClient admin, long storeId)
        => (await admin.GetFromJsonAsync<JsonObject>($"/api/stores/{storeId}"))!;

    public static bool TimelineSays(this JsonObject verification, string text)
        => verification["timeline"]!.AsArray().Any(e => e!["message"]!.GetValue<string>().Contains(text, StringComparison.Ordinal));
}
