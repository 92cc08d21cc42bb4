using System.Globalization;
using System.Text.Json;
using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.Webhooks;

namespace OrderConfirm.DemoShop;

/// Takes the demo shop's orders/create deliveries from the webhook inbox into the intake, as the Shopify and WooCommerce
/// handlers take theirs.
public sealed class DemoShopWebhookHandler(VerificationIntake intake) : IWebhookHandler
{
    public const string OrderCreated = "orders/create";

    public string? OrderKeyOf(string topic, string body) => topic == OrderCreated ? WebhookOrderKeys.Read(body, "id") : null;

    public async Task<string> HandleAsync(Store store, string topic, string body, CancellationToken cancellationToken)
    {
        if (topic != OrderCreated)
        {
            return $"topic {topic} not used";
        }

        var order = JsonSerializer.Deserialize<DemoShopDelivery>(body, DemoShopDelivery.Json) ?? throw new JsonException("The body is JSON null.");
        var submission = new OrderSubmission(
            store.Id, order.Id.ToString(CultureInfo.InvariantCulture), order.Name, order.Amount, order.Currency, order.Phone, order.Customer);
        return await intake.SubmitAsync(submission, cancellationToken) switch
        {
            IntakeResult.Accepted { Created: true } accepted => $"verification {accepted.Verification.Id}: {accepted.Verification.Status}",
            IntakeResult.Accepted accepted => $"verification {accepted.Verification.Id} already existed",
            IntakeResult.StoreDisabled => "store disabled",
            _ => "store unavailable",
        };
    }
}

/// The body of a demo shop orders/create delivery: the order as the shop hands it over, phone and name included
/// (the inbox keeps bodies encrypted).
public sealed record DemoShopDelivery(long Id, string Name, decimal Amount, string Currency, string? Phone, string? Customer)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
