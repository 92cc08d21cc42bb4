using OrderConfirm.Stores;
using OrderConfirm.Verification;

namespace OrderConfirm.WooCommerce;

/// Checks a store's WooCommerce settings as a client sends them.
public sealed class WooCommerceSettingsRules : IStoreSettingsRules
{
    public string Platform => WooCommercePlatform.Key;

    public object Section(StoreSettings settings) => settings.Section<WooCommerceSettings>();

    public void Validate(StoreSettings requested, StoreErrors errors)
    {
        if (!requested.TryRead<WooCommerceSettings>(errors, out var settings))
        {
            return;
        }

        if (settings.CodPaymentMethods is { } methods && (methods.Count is 0 or > 20 || methods.Any(m => string.IsNullOrWhiteSpace(m) || m.Length > 100)))
        {
            errors.Add("settings.codPaymentMethods", "Give 1 to 20 WooCommerce payment method ids, e.g. [\"cod\"].");
        }

        foreach (var (outcome, status) in settings.OutcomeStatuses ?? new Dictionary<string, string>())
        {
            if (!VerificationStatus.CallOutcomes.Contains(outcome))
            {
                errors.Add($"settings.outcomeStatuses.{outcome}", $"Unknown outcome; use one of: {string.Join(", ", VerificationStatus.CallOutcomes)}.");
            }
            else if (status.Length > 0 && !IsStatusSlug(status))
            {
                errors.Add($"settings.outcomeStatuses.{outcome}", "A WooCommerce order status slug such as processing, cancelled or on-hold (without wc-), or \"\" to leave the status alone.");
            }
        }
    }

    // Core statuses and the ones plugins register are lower-case slugs; "wc-" is the database prefix, not the REST one.
    private static bool IsStatusSlug(string value)
        => value.Length <= 20 && !value.StartsWith("wc-", StringComparison.Ordinal) && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
