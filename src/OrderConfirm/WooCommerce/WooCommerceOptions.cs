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

    // The hold at intake takes the webhook's copy of the order on its word when the copy was modified within this
    // time of now (both ways: a shop's clock may run ahead); an older copy is read first. WooCommerce has no
    // conditional update, so a cancel made between the copy and our PUT is overwritten by the hold: this bounds that
    // window. A delivery applied at once is seconds old; one held up by a backlog or a replay costs the read.
    // 0 reads before every hold.
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan HoldWithoutReadWithin { get; set; } = TimeSpan.FromSeconds(30);

    // How far back reconciliation (and an operator's backfill) may look for orders that no webhook brought.
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromDays(2);

    // Every reconciliation run reads again the changes of this long before the store's mark: the mark is the store's
    // own clock, but a new store starts at our clock, and an order saved while the last run read may commit late.
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ReconcileOverlap { get; set; } = TimeSpan.FromMinutes(2);

    // How long the note ledger (which outcome notes were posted) is kept after its verification finished; then it is
    // deleted (WooCommerceNoteLedgerPruner). No write-back of a finished verification can post its note again.
    [Range(typeof(TimeSpan), "7.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepNoteLedgerFor { get; set; } = TimeSpan.FromDays(30);
}
