using OrderConfirm.Stores;

namespace OrderConfirm.Shopify;

/// A Shopify store's own settings (its part of the store settings).
public sealed record ShopifySettings
{
    public static readonly IReadOnlyList<string> DefaultCodGatewayNames = ["Cash on Delivery (COD)"];

    // Payment gateway names that mean cash on delivery (Shopify's payment_gateway_names), compared case-insensitively.
    public IReadOnlyList<string>? CodGatewayNames { get; init; }

    // Test orders (Shopify's "test": true) are skipped unless this is false.
    public bool? SkipTestOrders { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> CodGateways => CodGatewayNames ?? DefaultCodGatewayNames;
}

/// Checks a store's Shopify settings as a client sends them.
public sealed class ShopifySettingsRules : IStoreSettingsRules
{
    public string Platform => ShopifyPlatform.Key;

    public object Section(StoreSettings settings) => settings.Section<ShopifySettings>();

    public void Validate(StoreSettings requested, StoreErrors errors)
    {
        if (requested.TryRead<ShopifySettings>(errors, out var settings)
            && settings.CodGatewayNames is { } gateways && (gateways.Count is 0 or > 20 || gateways.Any(g => string.IsNullOrWhiteSpace(g) || g.Length > 100)))
        {
            errors.Add("settings.codGatewayNames", "Give 1 to 20 gateway names, e.g. [\"Cash on Delivery (COD)\"].");
        }
    }
}
