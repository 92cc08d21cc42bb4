using System.Text.Json.Serialization;

namespace OrderConfirm.WooCommerce;

// A webhook as GET /webhooks lists it; WooCommerce never returns the secret.
public sealed record WooCommerceWebhook(long Id, string? Name, string? Status, string? Topic, string? DeliveryUrl);

// Status "active": current WooCommerce ignores it on create (every new webhook is active), but says so explicitly for
// versions and forks that read it.
public sealed record WooCommerceWebhookCreate(string Name, string Topic, string DeliveryUrl, string Secret, string Status = "active");

// Re-activates a webhook WooCommerce disabled after failed deliveries, with our secret and URL; or, with only the
// secret, gives an existing webhook the store's current secret. What is null is left out and left as it is.
public sealed record WooCommerceWebhookUpdate(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status,
    string Secret,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DeliveryUrl);

public sealed record WooCommerceWebhookQuery(
    [property: Refit.AliasAs("page")] int Page,
    [property: Refit.AliasAs("per_page")] int PerPage,
    [property: Refit.AliasAs("status")] string Status = "all");

// Every WooCommerce REST error: branch on code (stable) and the HTTP status, never on message (translated).
public sealed record WooCommerceError(string? Code, string? Message);
