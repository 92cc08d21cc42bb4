using System.Text.Encodings.Web;
using System.Text.Json;
using OrderConfirm.Stores;

namespace OrderConfirm.Platforms;

/// A platform's sample delivery: a new cash-on-delivery order for a store, signed as the platform signs its webhooks
/// with the store's secret, to try the real receiver with (GET /api/stores/{id}/sample-webhook). Registered with the
/// platform under its key (ShopPlatformBuilder.WithSampleWebhook); a platform whose shop posts to the API has none.
public interface IShopSampleWebhook
{
    /// Null when the store has no secret to sign with yet.
    SampleWebhook? Make(Store store, SampleOrder order);
}

/// What the sample order says: its id in the shop, the customer's phone as typed at checkout (none: the order is taken in
/// as invalid-phone and nobody is called), the amount, the name.
public sealed record SampleOrder(long OrderId, string? Phone, decimal Amount, string CustomerName);

/// The phone a sample order carries when none is given. Registered by the sandbox, whose calls are simulated; nowhere
/// else, where the call would be real and a made-up number could be somebody's.
public sealed record SampleOrderDefaults(string Phone);

/// Path: relative to the service's root. Body: the exact bytes the signature covers (UTF-8 JSON). The signature is in
/// the headers; the secret never is.
public sealed record SampleWebhook(string Path, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body);

/// How a sample body is written: readable in a terminal (a '+' stays '+'). It is shell-quoted by whoever prints it.
public static class SampleWebhookJson
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
