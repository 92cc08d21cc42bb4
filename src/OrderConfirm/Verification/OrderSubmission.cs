namespace OrderConfirm.Verification;

// An order to verify, from any source: the admin API / a custom shop today, the Shopify and WooCommerce receivers later.
public sealed record OrderSubmission(
    long StoreId,
    string OrderId,
    string? OrderName,
    decimal Amount,
    string? Currency,
    string? Phone,
    string? CustomerName);

public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    public sealed record Accepted(VerificationRecord Verification, bool Created) : IntakeResult;

    public sealed record StoreNotFound : IntakeResult;

    public sealed record StoreDisabled(string? Reason) : IntakeResult;
}
