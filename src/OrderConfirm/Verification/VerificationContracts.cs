using System.Text.Json.Serialization;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Verification;

// Body of POST /api/verifications: the intake every order source uses.
public sealed record CreateVerificationRequest(
    long? StoreId,
    [property: JsonConverter(typeof(NumberAsText))] string? OrderId,
    string? OrderName,
    decimal? Amount,
    string? Currency,
    string? Phone,
    string? CustomerName);

public sealed record VerificationResponse(
    long Id,
    long StoreId,
    string OrderId,
    string OrderName,
    decimal Amount,
    string Currency,
    string? Phone,
    string Status,
    string? Reason,
    string? CallId,
    int? RoboCallStatus,
    int? Dtmf,
    string? WriteBack,
    int Attempt,
    string? DecidedBy,
    DateTimeOffset? NextStepAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TimelineEntry>? Timeline);

// Repeats and FirstAt: an entry that happened again for the same reason (a call postponed every 15 minutes while the
// account is out of balance) is shown once, with the latest time and message, the number of repeats and the first time.
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Message, int? Repeats = null, DateTimeOffset? FirstAt = null);

public sealed record VerificationPage(IReadOnlyList<VerificationResponse> Items, long? NextBefore);
