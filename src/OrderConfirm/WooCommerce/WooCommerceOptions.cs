using System.ComponentModel.DataAnnotations;

namespace OrderConfirm.WooCommerce;

public sealed class WooCommerceOptions
{
    public const string Section = "WooCommerce";

    // The REST API v3 below a store's site URL. A site with plain permalinks serves it at "?rest_route=/wc/v3/" instead;
    // such a store sets its apiBaseUrl to "https://site/?rest_route=" and this to "/wc/v3/".
    [Required]
    public string ApiPath { get; set; } = "wp-json/wc/v3/";

    // Per-attempt timeout of a REST request (WordPress on shared hosting can be slow).
    [Range(typeof(TimeSpan), "00:00:00.100", "00:02:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    // First wait before a read or update that failed with a 5xx, a 429 or a network error is sent again; it doubles with
    // each retry. Creating a note or a webhook is never sent twice by the HTTP client.
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    // How far back reconciliation (and an operator's backfill) may look for orders that no webhook brought.
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromDays(2);

    // Every reconciliation run reads again the changes of this long before the store's mark: the mark is the store's
    // own clock, but a new store starts at our clock, and an order saved while the last run read may commit late.
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconcileOverlap { get; set; } = TimeSpan.FromMinutes(2);
}
