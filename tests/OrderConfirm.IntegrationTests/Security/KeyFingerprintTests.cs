using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using OrderConfirm.IntegrationTests.Infrastructure;

namespace OrderConfirm.IntegrationTests.Security;

/// The fingerprint that names a Robo Call key in the warning logs cannot be recomputed from a guessed key: it is keyed
/// with a secret of the service, so a short key cannot be found by hashing candidates against a log line.
[Collection(SharedInfrastructure.Name)]
public sealed partial class KeyFingerprintTests(PostgresCluster postgres, RoboCallStub roboCall)
{
    [Fact]
    public async Task The_logged_fingerprint_of_a_key_depends_on_the_encryption_key()
    {
        // A short key, as some accounts have: an unkeyed hash of it would be found by trying candidates.
        var key = $"rc{Random.Shared.Next(100_000, 999_999)}";
        roboCall.RegisterKey(key);
        roboCall.SetOutOfBalance(key, true);
        var otherEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        LeakScan.Secret(otherEncryptionKey);

        var first = await LoggedFingerprintAsync(key, encryptionKey: null);
        var second = await LoggedFingerprintAsync(key, otherEncryptionKey);

        Assert.NotEqual(first, second);
        foreach (var unkeyed in new[] { Sha256Hex("orderconfirm-fingerprint:" + key), Sha256Hex(key) })
        {
            Assert.False(unkeyed.StartsWith(first, StringComparison.Ordinal), "the fingerprint is an unkeyed hash of the key");
        }
    }

    // Dials with the key once; Robo Call answers 402, and the service warns that the key's account is out of balance.
    private async Task<string> LoggedFingerprintAsync(string key, string? encryptionKey)
    {
        var overrides = encryptionKey is null ? null : new Dictionary<string, string?> { ["Encryption:Key"] = encryptionKey };
        await using var app = OrderConfirmApp.Start(await postgres.CreateDatabaseAsync(), roboCall, overrides);
        using var admin = app.AdminClient();
        var storeId = await admin.CreateCustomStoreAsync(roboCall: new { apiKey = key, voiceId = "48" });
        var (_, typed) = RoboCallStub.NewPhone();
        await admin.SubmitOrderAsync(storeId, $"fp-{Guid.NewGuid():N}", typed);

        string? fingerprint = null;
        await Eventually.WaitAsync(() =>
        {
            fingerprint = app.Logs.Lines.Select(l => OutOfBalance().Match(l)).FirstOrDefault(m => m.Success)?.Groups["fp"].Value;
            return fingerprint is not null;
        });
        return fingerprint!;
    }

    private static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    [GeneratedRegex("^Warning .*Robo Call account (?<fp>[0-9a-f]+) is out of balance")]
    private static partial Regex OutOfBalance();
}
