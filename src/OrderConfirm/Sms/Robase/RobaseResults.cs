namespace OrderConfirm.Sms.Robase;

/// A template send: Robase renders the text from the registered template; SmsMessage.Text is not sent.
public sealed record RobaseTemplate(string Slug, IReadOnlyDictionary<string, object> Variables);

/// One row of a batch: To as 92XXXXXXXXXX, and a key of its own (the same on every retry of this row).
public sealed record RobaseBatchRow(string To, string Body, string IdempotencyKey)
{
    public override string ToString() => $"RobaseBatchRow {{ To = ********{To[^Math.Min(4, To.Length)..]}, Length = {Body.Length}, IdempotencyKey = {IdempotencyKey} }}";
}

/// One upstream carrier attempt behind a Robase message (its failover history).
public sealed record RobaseProviderAttempt(string? Provider, DateTimeOffset? AttemptedAt, bool? Ok, string? ProviderMessageId, string? ErrorCode);

/// GET /sms/:id. Succeeded false: not found or could not ask (Detail says which; never a message text from Robase).
public sealed record RobaseStatusResult(bool Succeeded, string? Status, IReadOnlyList<RobaseProviderAttempt> ProviderAttempts, string Detail, bool InvalidKey = false);

public enum RobaseCancelOutcome
{
    Cancelled,

    // 409: send_at has passed and the message is queued or out; nothing to cancel, and nothing wrong on our side.
    AlreadySent,
    NotFound,
    InvalidKey,
    Failed,
}

public sealed record RobaseCancelResult(RobaseCancelOutcome Outcome, string? Status, string Detail);
