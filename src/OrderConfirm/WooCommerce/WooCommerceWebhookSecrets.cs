using OrderConfirm.Stores;

namespace OrderConfirm.WooCommerce;

/// Which secrets a WooCommerce store's deliveries may be signed with, and how a rotation and a confirmation change that.
///
/// WooCommerce signs with the secret each webhook was last given and never shows it back, so a rotation only reaches a
/// webhook through PUT webhooks/{id}, and that can fail (the shop is down). The rule: the current and the previous
/// secret are always accepted (as before); an older secret is kept, as retired, for as long as some webhook of ours may
/// still hold it — until a run sees every webhook of ours holding the current secret (the confirmation) — and for a
/// grace time after that, for deliveries signed just before the PUT. So any number of rotations while the shop cannot
/// be reached lose no delivery; the secret the webhooks really hold stays accepted until they are given the new one.
public static class WooCommerceWebhookSecrets
{
    // WooCommerce gives a delivery 60 s; the grace also covers a slow receiver and clocks a little apart.
    public static readonly TimeSpan InFlightGrace = TimeSpan.FromMinutes(10);

    // Rotating more often than this while the webhooks cannot be reached forgets the oldest secrets: by then the
    // operator is asked (the PATCH answer) to fix the shop or the URL first.
    private const int MaxRetired = 10;

    /// The secrets after the webhook secret was set to `secret` (the store's first secret, or a rotation).
    public static StoreSecrets Rotate(StoreSecrets old, string? secret, DateTimeOffset now)
    {
        if (string.Equals(secret, old.WebhookSecret, StringComparison.Ordinal))
        {
            return old;
        }

        if (old.WebhookSecret is null)
        {
            return old with { WebhookSecret = secret, WebhookSecretVersion = old.WebhookSecretVersion + 1 };
        }

        // The old previous secret may still sign unless every webhook was seen holding the old current one; even then a
        // delivery it signed may still be on its way.
        var version = old.WebhookSecretVersion;
        var retired = Live(old.RetiredWebhookSecrets, now).ToList();
        if (old.PreviousWebhookSecret is { } previous)
        {
            var held = old.WebhookSecretConfirmedVersion is not { } confirmed || confirmed < version;
            retired.Add(new RetiredWebhookSecret(previous, version - 1, held ? null : now + InFlightGrace));
        }

        return old with
        {
            WebhookSecret = secret,
            PreviousWebhookSecret = old.WebhookSecret,
            WebhookSecretVersion = version + 1,
            RetiredWebhookSecrets = retired.Count == 0 ? null : [.. retired.OrderByDescending(r => r.Version).Take(MaxRetired)],
        };
    }

    /// The secrets once every webhook of ours was seen holding the current secret's version: the retired ones start
    /// their grace time, and those past it are forgotten.
    public static StoreSecrets Confirm(StoreSecrets secrets, DateTimeOffset now)
    {
        var retired = Live(secrets.RetiredWebhookSecrets, now)
            .Select(r => r.DropAfter is null ? r with { DropAfter = now + InFlightGrace } : r)
            .ToList();
        return secrets with
        {
            WebhookSecretConfirmedVersion = secrets.WebhookSecretVersion,
            RetiredWebhookSecrets = retired.Count == 0 ? null : retired,
        };
    }

    /// Every secret a delivery may be signed with now: current, previous, and the retired ones still live.
    public static IEnumerable<string> Accepted(StoreSecrets secrets, DateTimeOffset now)
    {
        string?[] recent = [secrets.WebhookSecret, secrets.PreviousWebhookSecret];
        return recent.OfType<string>().Concat(Live(secrets.RetiredWebhookSecrets, now).Select(r => r.Secret)).Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<RetiredWebhookSecret> Live(IReadOnlyList<RetiredWebhookSecret>? retired, DateTimeOffset now)
        => (retired ?? []).Where(r => r.DropAfter is null || r.DropAfter > now);
}
