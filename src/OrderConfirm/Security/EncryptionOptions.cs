namespace OrderConfirm.Security;

public sealed class EncryptionOptions
{
    public const string Section = "Encryption";

    // Base64 of 32 random bytes (AES-256). Required outside Development.
    public string? Key { get; set; }

    // Keys that were current before a rotation: still used to read old values, never to write.
    public IList<string> PreviousKeys { get; } = [];
}
