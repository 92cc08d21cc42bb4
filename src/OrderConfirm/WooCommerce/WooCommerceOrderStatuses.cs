namespace OrderConfirm.WooCommerce;

// Order statuses as the REST API names them (the database's "wc-" prefix stripped).
public static class WooCommerceOrderStatuses
{
    public const string Pending = "pending";
    public const string Processing = "processing";
    public const string OnHold = "on-hold";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";
    public const string Refunded = "refunded";
    public const string Failed = "failed";
    public const string Trash = "trash";
    public const string CheckoutDraft = "checkout-draft";

    // The shop is done with the order: nobody is called about it, and nothing is written onto it.
    public static readonly IReadOnlySet<string> Closed = new HashSet<string>(StringComparer.Ordinal) { Cancelled, Refunded, Completed, Trash };

    // Waiting for the merchant's decision: a COD order in one of these may be verified.
    public static readonly IReadOnlySet<string> Open = new HashSet<string>(StringComparer.Ordinal) { Pending, Processing, OnHold };
}
