namespace OrderConfirm.Stores;

// Per-store overrides of the Verification:* defaults. Null means "use the default".
public sealed record StoreSettings
{
    public TimeSpan? CallDelay { get; init; }

    public TimeSpan? PollInterval { get; init; }

    public TimeSpan? GiveUpAfter { get; init; }

    public string? CallingHours { get; init; }

    public string? TimeZone { get; init; }

    // Extra dials after the first when nobody answered (0 to 5); default Verification:Reattempts.
    public int? Reattempts { get; init; }

    // Wait before each re-attempt, moved into the calling hours; default Verification:ReattemptAfter.
    public TimeSpan? ReattemptAfter { get; init; }

    // Which outcomes are re-attempted: unreachable and/or no-input (never callback, an answer).
    public IReadOnlyList<string>? ReattemptOn { get; init; }

    // hold, cancel or confirm once the last attempt went unanswered; default Verification:NoAnswerPolicy (hold).
    public string? NoAnswerPolicy { get; init; }

    // Payment gateway names that mean cash on delivery (Shopify's payment_gateway_names), compared case-insensitively.
    public IReadOnlyList<string>? CodGatewayNames { get; init; }

    // Test orders (Shopify's "test": true) are skipped unless this is false.
    public bool? SkipTestOrders { get; init; }

    // Orders below / above these amounts are not verified.
    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    // WooCommerce: payment_method ids that mean cash on delivery (WooCommerce's own COD gateway is "cod").
    public IReadOnlyList<string>? CodPaymentMethods { get; init; }

    // WooCommerce: put a new COD order on-hold (with a note) while it is verified. Default true.
    public bool? HoldAtIntake { get; init; }

    // WooCommerce: send the REST key as consumer_key/consumer_secret query parameters instead of HTTP Basic, for hosts
    // that strip the Authorization header. Default false.
    public bool? QueryStringAuth { get; init; }

    // WooCommerce: the order status each outcome sets ("" leaves the status alone). Defaults: confirmed → processing,
    // cancelled → cancelled, callback / no-input / unreachable → unchanged (on-hold).
    public IReadOnlyDictionary<string, string>? OutcomeStatuses { get; init; }

    // SMS: "en", "ur" or "both" (one message, English first). Default "en".
    public string? SmsLanguage { get; init; }

    // SMS: each event (received, confirmed, cancelled, fallback) on or off. An event left out is on.
    public IReadOnlyDictionary<string, bool>? SmsEvents { get; init; }

    public bool SmsEventOn(string smsEvent) => SmsEvents?.GetValueOrDefault(smsEvent, true) != false;

    // SMS: the store's own text per event, with {store}, {order}, {amount}, {currency}, {customer}. An event left out
    // uses the built-in text in SmsLanguage.
    public IReadOnlyDictionary<string, string>? SmsTemplates { get; init; }

    // Balances below which the balance job logs a warning for this store (defaults Balances:RoboCallWarnBelow and
    // Balances:SmsWarnBelow). Robo Call's is in PKR; an SMS gateway's in its own unit.
    public decimal? RoboCallWarnBelow { get; init; }

    public decimal? SmsWarnBelow { get; init; }

    public static readonly IReadOnlyList<string> DefaultCodGatewayNames = ["Cash on Delivery (COD)"];

    public static readonly IReadOnlyList<string> DefaultCodPaymentMethods = ["cod"];
}
