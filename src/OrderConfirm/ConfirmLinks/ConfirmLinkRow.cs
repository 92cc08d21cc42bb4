namespace OrderConfirm.ConfirmLinks;

// A link with what its page shows about the verification (nothing personal). Times are Unix ms.
public sealed class ConfirmLinkRow
{
    public long Id { get; set; }

    public long VerificationId { get; set; }

    public long ExpiresAt { get; set; }

    public long? UsedAt { get; set; }

    public string? Answer { get; set; }

    public long StoreId { get; set; }

    public string OrderName { get; set; } = "";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    public string Status { get; set; } = "";

    public string Step { get; set; } = "";

    public string? Outcome { get; set; }
}
