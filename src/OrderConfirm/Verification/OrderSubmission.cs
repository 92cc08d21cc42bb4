namespace OrderConfirm.Verification;

// An order to verify, from any source: the admin API (custom shops) and the webhook receivers. SkipReason records
// an order that the source already knows must not be called (test order, already cancelled, outside amount rules).
public sealed record OrderSubmission(
    long StoreId,
    string OrderId,
    string? OrderName,
    decimal Amount,
    string? Currency,
    string? Phone,
    string? CustomerName,
    string? SkipReason = null);

public abstract record IntakeResult
{
    private IntakeResult()
    {
    }

    public sealed record Accepted(VerificationRecord Verification, bool Created) : IntakeResult;

    public sealed record StoreNotFound : IntakeResult;

    public sealed record StoreDisabled(string? Reason) : IntakeResult;
}
