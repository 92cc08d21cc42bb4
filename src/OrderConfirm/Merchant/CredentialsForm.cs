using OrderConfirm.StoreAdmin;

namespace OrderConfirm.Merchant;

/// What the credentials fields show: the platform's fields (all of them when none is chosen yet), the plain values as
/// typed or stored (All: every platform's fields, the chosen one first filled in), whether each secret is set (never its value), and the errors by field.
public sealed record CredentialsForm(string? Platform, string? ShopDomain, string? ApiBaseUrl, CredentialsView? Set, IDictionary<string, string[]> Errors, bool All = false)
{
    public bool Shows(string platform) => All || Platform is null || string.Equals(Platform, platform, StringComparison.Ordinal);

    public string? ErrorOf(string field) => Errors.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;
}
