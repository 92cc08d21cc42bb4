using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.Shopify;

public sealed class ShopifyOptions
{
    public const string Section = "Shopify";

    // The Admin API version every request pins (shops answer with it, and mutation shapes depend on it).
    [Required]
    [RegularExpression(@"^\d{4}-\d{2}$|^unstable$")]
    public string ApiVersion { get; set; } = "2026-01";

    // Per-attempt timeout of an Admin API request.
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // First wait before a request that failed with a 5xx or a network error is sent again; it doubles with each retry.
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    // How far back reconciliation (and an operator's backfill) may look for orders that no webhook brought.
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromDays(2);

    // Ask Shopify for the COD gateways only (gateway:"…" in the orders search). Orders are checked for COD here as
    // well, so switching this off only costs pages of non-COD orders; it is the way out if a shop's search does not
    // match its gateway names.
    public bool ReconcileFilterByGateway { get; set; } = true;
}
