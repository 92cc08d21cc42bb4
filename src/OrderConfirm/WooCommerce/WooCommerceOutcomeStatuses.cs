using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.WooCommerce;

// The order status each call outcome leaves a WooCommerce order in (docs/woocommerce.md#writing-back), with the store's
// outcomeStatuses on top, outcome by outcome.
public static class WooCommerceOutcomeStatuses
{
    // Callback, no-input and unreachable are absent: the order stays as intake left it (on-hold) for a person to decide.
    public static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [VerificationStatus.Confirmed] = WooCommerceOrderStatuses.Processing,
        [VerificationStatus.Cancelled] = WooCommerceOrderStatuses.Cancelled,
    };

    // The status to set, or null to leave the status alone (a store's "" says so explicitly).
    public static string? For(StoreSettings settings, string outcome)
    {
        var status = settings.Section<WooCommerceSettings>().OutcomeStatuses is { } own && own.TryGetValue(outcome, out var chosen) ? chosen
            : Defaults.GetValueOrDefault(outcome);
        return string.IsNullOrWhiteSpace(status) ? null : status.Trim();
    }
}
