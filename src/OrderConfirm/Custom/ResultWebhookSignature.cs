using System.Security.Cryptography;
using System.Text;

namespace OrderConfirm.Custom;

/// Signs a result webhook as the Standard Webhooks specification describes: HMAC-SHA256 over "{id}.{timestamp}.{body}"
/// with the bytes of the secret after "whsec_", sent as "v1," + base64. docs/custom-shops.md shows the receiver's side.
public static class ResultWebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string eventId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret[SecretPrefix.Length..]);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{eventId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
