namespace OrderConfirm.Verification;

// One row of the verifications table: the single truth about an order's verification. Times are Unix ms.
public sealed class VerificationRecord
{
    public long Id { get; set; }

    public long StoreId { get; set; }

    public string OrderId { get; set; } = "";

    public string OrderName { get; set; } = "";

    public decimal Amount { get; set; }

    public string Currency { get; set; } = "";

    // Encrypted (SecretProtector, purpose "phone"); null once a customer's data was erased.
    public string? Phone { get; set; }

    public string? PhoneMasked { get; set; }

    // Encrypted (purpose "customer-name").
    public string? CustomerName { get; set; }

    public string Status { get; set; } = VerificationStatus.Pending;

    public string Step { get; set; } = VerificationStep.Call;

    public long? DueAt { get; set; }

    public string? JobId { get; set; }

    public string? Reason { get; set; }

    public string? Outcome { get; set; }

    public string? CallId { get; set; }

    public int? RoboStatus { get; set; }

    public int? Dtmf { get; set; }

    public int? RoboRetry { get; set; }

    public long? DialStartedAt { get; set; }

    public int Polls { get; set; }

    public long? GiveUpAt { get; set; }

    public string? WriteBack { get; set; }

    public int WriteBackAttempts { get; set; }

    // PlaceCall runs that failed before the dial since the step last changed, and the last one's exception type.
    public int CallFailures { get; set; }

    public string? LastCallError { get; set; }

    // Which dial this is: 1 for the first, 2, 3… for re-attempts after no answer.
    public int Attempt { get; set; } = 1;

    // Who gave the outcome (Deciders); null on older rows means the call.
    public string? DecidedBy { get; set; }

    // The trace context (W3C traceparent) of the work that created it: later work continues that trace.
    public string? TraceParent { get; set; }

    public long CreatedAt { get; set; }

    public long UpdatedAt { get; set; }
}

// Repeats: how many more times the same postponement happened after FirstAt (0 for an entry said once).
public sealed record VerificationEvent(long Id, long VerificationId, long At, string Kind, string Message, long Repeats, long? FirstAt);

public sealed record NewVerification(
    long StoreId,
    string OrderId,
    string OrderName,
    decimal Amount,
    string Currency,
    string? Phone,
    string? PhoneMasked,
    string? CustomerName,
    string Status,
    string Step,
    DateTimeOffset? DueAt,
    string? Reason,
    // An SMS event recorded as due together with the row (sms_due), so a crash cannot keep the verification and lose it.
    string? SmsEvent = null,
    // The store's zone, for the time in the timeline's first line.
    TimeZoneInfo? Zone = null);

// OrderNameContains: part of the order's name, any case (the pages' search); CreatedFrom and CreatedBefore: Unix ms.
public sealed record VerificationFilter(long? StoreId, string? Status, long? BeforeId, int Limit, string? OrderId = null, string? OrderNameContains = null, long? CreatedFrom = null, long? CreatedBefore = null);
