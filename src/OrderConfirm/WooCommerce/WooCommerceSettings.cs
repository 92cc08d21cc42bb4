namespace OrderConfirm.WooCommerce;

/// A WooCommerce store's own settings (its part of the store settings).
public sealed record WooCommerceSettings
{
    public static readonly IReadOnlyList<string> DefaultCodPaymentMethods = ["cod"];

    // payment_method ids that mean cash on delivery (WooCommerce's own COD gateway is "cod").
    public IReadOnlyList<string>? CodPaymentMethods { get; init; }

    // Put a new COD order on-hold (with a note) while it is verified. Default true.
    public bool? HoldAtIntake { get; init; }

    // Send the REST key as consumer_key/consumer_secret query parameters instead of HTTP Basic, for hosts that strip
    // the Authorization header. Default false.
    public bool? QueryStringAuth { get; init; }

    // The order status each outcome sets ("" leaves the status alone). Defaults: confirmed → processing, cancelled →
    // cancelled, callback / no-input / unreachable → unchanged (on-hold).
    public IReadOnlyDictionary<string, string>? OutcomeStatuses { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> CodMethods => CodPaymentMethods ?? DefaultCodPaymentMethods;
}
