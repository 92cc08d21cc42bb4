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

    // How far back reconciliation looks for orders that no webhook brought.
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ReconcileLookback { get; set; } = TimeSpan.FromDays(2);
}
