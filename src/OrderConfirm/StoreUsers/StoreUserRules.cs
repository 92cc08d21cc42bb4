using System.Net.Mail;

namespace OrderConfirm.StoreUsers;

/// What a store owner's login may look like: the e-mail as it is stored and compared (trimmed, lower-cased), and the
/// password rule of docs/api.md ("Store owner logins").
public static class StoreUserRules
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;
    public const int MaxEmailLength = 254;

    // A local part shorter than this ("a@…") would forbid nearly every password that contains its letter.
    private const int LocalPartMinLengthForRule = 3;

    public static string Normalize(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// Null when the (normalized) e-mail has the shape of one address, otherwise what is wrong with it.
    public static string? EmailProblem(string normalized)
    {
        if (normalized.Length == 0)
        {
            return "An e-mail address is required.";
        }

        var at = normalized.IndexOf('@', StringComparison.Ordinal);
        var shaped = normalized.Length <= MaxEmailLength
            && at > 0
            && at == normalized.LastIndexOf('@')
            && at <= 64
            && normalized.IndexOf('.', at) > at + 1
            && !normalized.EndsWith('.')
            && !normalized.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '<' or '>' or ',' or ';' or '"')
            && MailAddress.TryCreate(normalized, out var parsed)
            && parsed.Address == normalized;
        return shaped ? null : "Not an e-mail address (one address like owner@example.pk, at most 254 characters).";
    }

    /// Null when the password may be used for this (normalized) e-mail, otherwise what is wrong with it. The problem
    /// never repeats the password.
    public static string? PasswordProblem(string? password, string normalizedEmail)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }

        var length = password.EnumerateRunes().Count();
        if (length is < MinPasswordLength or > MaxPasswordLength)
        {
            return $"The password must have {MinPasswordLength} to {MaxPasswordLength} characters.";
        }

        var local = normalizedEmail.Split('@')[0];
        return local.Length >= LocalPartMinLengthForRule && password.Contains(local, StringComparison.OrdinalIgnoreCase)
            ? "The password must not contain the e-mail's name (the part before the @)."
            : null;
    }
}
