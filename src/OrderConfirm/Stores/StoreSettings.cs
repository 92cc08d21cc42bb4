namespace OrderConfirm.Stores;

// Per-store overrides of the Verification:* defaults. Null means "use the default".
public sealed record StoreSettings
{
    public TimeSpan? CallDelay { get; init; }

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan? GiveUpAfter { get; init; }

    public string? CallingHours { get; init; }

    public string? TimeZone { get; init; }

    // Payment gateway names that mean cash on delivery (Shopify's payment_gateway_names), compared case-insensitively.
    public IReadOnlyList<string>? CodGatewayNames { get; init; }

    // Test orders (Shopify's "test": true) are skipped unless this is false.
    public bool? SkipTestOrders { get; init; }

    // Orders below / above these amounts are not verified.
    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    public static readonly IReadOnlyList<string> DefaultCodGatewayNames = ["Cash on Delivery (COD)"];
}
