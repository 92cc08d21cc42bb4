namespace OrderConfirm.Sms;

/// One SMS gateway (Robo SMS PK, robo-sms.com, Robase) behind one seam. The sender decides what to send and records
/// the send before calling SendAsync; the gateway only speaks its API and sorts every answer into a definite
/// outcome (sent, certainly not sent) or an unknown one. A gateway never re-sends by itself unless the provider takes
/// an idempotency key (Robase): an unknown outcome is reported, not retried.
public interface ISmsGateway
{
    /// The store setting's value: SmsProviders.RoboSmsPk, RoboSms or Robase.
    string Provider { get; }

    Task<SmsSendResult> SendAsync(SmsCredentials credentials, SmsMessage message, CancellationToken cancellationToken);

    Task<SmsBalanceResult> CheckBalanceAsync(SmsCredentials credentials, CancellationToken cancellationToken);
}

/// The key for one gateway (a store's own sms.apiKey, or its fallback gateway's key). Never logged.
public sealed record SmsCredentials(string ApiKey)
{
    public override string ToString() => "SmsCredentials { ApiKey = *** }";
}

/// One text to one customer.
/// To: the mobile normalised to 92XXXXXXXXXX (each gateway writes it in its own form: 92…, +92…).
/// From: sender mask or short code; null leaves it to the gateway's account default.
/// IdempotencyKey: derived from business data (verification id, event), the same on every retry of this message and
/// different for every other message; sent to gateways that take one.
/// Encoding: decided by the sender from the text (UCS-2 for Urdu and emoji); gateways with a unicode flag use it.
/// SendAt: a scheduled send (Robase only, at most 30 days ahead); null sends now.
public sealed record SmsMessage(string To, string Text, string? From, string IdempotencyKey, SmsEncoding Encoding, DateTimeOffset? SendAt = null)
{
    public override string ToString() => $"SmsMessage {{ To = ********{To[^Math.Min(4, To.Length)..]}, Length = {Text.Length}, Encoding = {Encoding}, IdempotencyKey = {IdempotencyKey} }}";
}

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
