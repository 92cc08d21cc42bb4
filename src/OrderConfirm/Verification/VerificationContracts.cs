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

public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Message);

public sealed record VerificationPage(IReadOnlyList<VerificationResponse> Items, long? NextBefore);
