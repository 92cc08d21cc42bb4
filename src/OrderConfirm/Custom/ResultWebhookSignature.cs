using System.Security.Cryptography;
using System.Text;
using OrderConfirm.Stores;

namespace OrderConfirm.Custom;

/// Signs a result webhook as the Standard Webhooks specification describes: HMAC-SHA256 over "{id}.{timestamp}.{body}"
/// with the bytes of the secret after "whsec_", sent as "v1," + base64. docs/custom-shops.md shows the receiver's side.
public static class ResultWebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// The webhook-signature header: the current secret's signature, then, while a rotation's overlap lasts, the
    /// previous secret's, space-separated as the specification allows, so a receiver holding either one verifies it.
    public static string Header(StoreSecrets secrets, DateTimeOffset now, string eventId, long timestamp, string body)
    {
        var header = Sign(secrets.ResultWebhookSecret!, eventId, timestamp, body);
        return secrets.PreviousResultWebhookSecret is { } previous && secrets.PreviousResultWebhookSecretUntil > now
            ? $"{header} {Sign(previous, eventId, timestamp, body)}"
            : header;
    }

    public static string Sign(string secret, string eventId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{eventId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
