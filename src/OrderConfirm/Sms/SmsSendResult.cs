namespace OrderConfirm.Sms;

/// Why a gateway certainly did not send. Every one of these is definite: the customer got nothing.
public enum SmsRefusal
{
    // 401/403 or a bad token: only the store owner can fix it.
    InvalidKey,

    // 402, not enough credits, quota exhausted: the gateway pauses for that store until its balance shows credit.
    OutOfBalance,

    // 429: try again after RetryAfter.
    RateLimited,

    // The number was refused (not a valid number for the gateway).
    InvalidNumber,

    // The sender id / mask / short code was refused.
    InvalidSender,

    // Missing or invalid fields, empty body, wrong content type, text too long: a bug or a bad template on our side.
    BadRequest,

    // robo-sms.com: no device can send (its sends go out through the account's phones).
    NoDevice,

    // The request never left this machine (DNS, refused connection, TLS handshake).
    NotSent,
}

public abstract record SmsSendResult
{
    private SmsSendResult()
    {
    }

    /// Accepted by the gateway. Every field is what the gateway said, when it said it: ProviderMessageId for a status
    /// read or a cancel, Segments and Cost (with its unit, e.g. "credits", "PKR", "NGN kobo") for the timeline.
    /// Replayed: the gateway recognised the idempotency key and returned the earlier send (no new SMS).
    public sealed record Sent(string? ProviderMessageId, int? Segments, decimal? Cost, string? CostUnit, string? Status = null, bool Replayed = false) : SmsSendResult;

    /// Certainly not sent. Code: the gateway's own error code or the HTTP status; never its message text or the URL.
    public sealed record NotSent(SmsRefusal Refusal, string Code, TimeSpan? RetryAfter = null) : SmsSendResult;

    /// Maybe sent (timeout, connection lost after the request was written, a 5xx — even from Robase after its retries
    /// under one idempotency key, since the last attempt may have stored it —, an answer that cannot be read): never
    /// sent again automatically and never failed over; a person decides.
    public sealed record Unknown(string Detail) : SmsSendResult;
}

/// A balance read. Succeeded false: the gateway could not be asked (Detail says why; InvalidKey when it refused;
/// Unreadable when it has no balance endpoint to ask). Balance in the gateway's unit (Unit, e.g. "PKR", "credits").
public sealed record SmsBalanceResult(bool Succeeded, decimal? Balance, string? Unit, string Detail, bool InvalidKey = false, bool Unreadable = false)
{
    public bool HasCredit => Succeeded && Balance is > 0;
}
