using System.Text.Json;
using OrderConfirm.Storage;
using OrderConfirm.Verification;

namespace OrderConfirm.Custom;

/// The bodies of a custom shop's result webhooks (docs/custom-shops.md): ids, the state and who decided it. Never the
/// phone number or the customer's name: the shop knows its order by its id.
public static class ResultPayloads
{
    public const string OutcomeType = "verification.outcome";

    public const string NeedsAttentionType = "verification.needs-attention";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// A final outcome, written by the custom write-back.
    public static string Outcome(long storeId, VerificationRecord verification, string status, DateTimeOffset now)
        => Body(OutcomeType, storeId, verification, status, verification.Outcome ?? status, reason: null, now);

    /// A verification a person has to look at; the outcome is the call's when one was given (a write-back that failed),
    /// and the reason is the service's own sentence, which never holds a phone number or a key.
    public static string NeedsAttention(long storeId, VerificationRecord verification, DateTimeOffset now)
        => Body(NeedsAttentionType, storeId, verification, VerificationStatus.NeedsAttention, verification.Outcome, verification.Reason, now);

    private static string Body(string type, long storeId, VerificationRecord verification, string status, string? outcome, string? reason, DateTimeOffset now)
        => JsonSerializer.Serialize(
            new
            {
                type,
                timestamp = now,
                data = new
                {
                    storeId,
                    verificationId = verification.Id,
                    orderId = verification.OrderId,
                    orderName = verification.OrderName,
                    status,
                    outcome,
                    decidedBy = outcome is null ? null : Deciders.Of(verification),
                    reason,
                    attempt = verification.Attempt,
                    decidedAt = UnixTime.FromMs(verification.UpdatedAt),
                },
            },
            Json);
}
