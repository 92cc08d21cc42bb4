using OrderConfirm.Stores;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.WooCommerce;

/// Which secrets a WooCommerce store accepts through rotations that did or did not reach the shop's webhooks.
public sealed class WooCommerceWebhookSecretsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 14, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rotations_that_never_reach_the_shop_keep_every_secret_the_webhooks_may_hold()
    {
        var secrets = WooCommerceWebhookSecrets.Rotate(new StoreSecrets(), "s1", T0);
        secrets = WooCommerceWebhookSecrets.Confirm(secrets, T0); // installed: every webhook holds s1
        foreach (var next in new[] { "s2", "s3", "s4" })
        {
            secrets = WooCommerceWebhookSecrets.Rotate(secrets, next, T0.AddHours(1));
        }

        Assert.Equal(4, secrets.WebhookSecretVersion);
        Assert.Equal(["s4", "s3", "s2", "s1"], WooCommerceWebhookSecrets.Accepted(secrets, T0.AddDays(30)));
    }

    [Fact]
    public void Once_every_webhook_holds_the_current_secret_the_older_ones_expire_after_the_grace_time()
    {
        var secrets = WooCommerceWebhookSecrets.Rotate(new StoreSecrets(), "s1", T0);
        secrets = WooCommerceWebhookSecrets.Rotate(secrets, "s2", T0);
        secrets = WooCommerceWebhookSecrets.Rotate(secrets, "s3", T0);

        var confirmed = WooCommerceWebhookSecrets.Confirm(secrets, T0.AddHours(1));

        Assert.Equal(3, confirmed.WebhookSecretConfirmedVersion);
        Assert.Equal(["s3", "s2", "s1"], WooCommerceWebhookSecrets.Accepted(confirmed, T0.AddHours(1) + WooCommerceWebhookSecrets.InFlightGrace - TimeSpan.FromSeconds(1)));
        Assert.Equal(["s3", "s2"], WooCommerceWebhookSecrets.Accepted(confirmed, T0.AddHours(1) + WooCommerceWebhookSecrets.InFlightGrace));
    }

    [Fact]
    public void A_rotation_after_a_confirmed_one_drops_the_old_previous_secret_after_the_grace_time()
    {
        var secrets = WooCommerceWebhookSecrets.Rotate(new StoreSecrets(), "s1", T0);
        secrets = WooCommerceWebhookSecrets.Confirm(WooCommerceWebhookSecrets.Rotate(secrets, "s2", T0), T0);

        var rotated = WooCommerceWebhookSecrets.Rotate(secrets, "s3", T0.AddDays(1));

        Assert.Equal(["s3", "s2", "s1"], WooCommerceWebhookSecrets.Accepted(rotated, T0.AddDays(1)));
        Assert.Equal(["s3", "s2"], WooCommerceWebhookSecrets.Accepted(rotated, T0.AddDays(1) + WooCommerceWebhookSecrets.InFlightGrace));
    }

    [Fact]
    public void Setting_the_same_secret_again_changes_nothing()
    {
        var secrets = WooCommerceWebhookSecrets.Rotate(new StoreSecrets(), "s1", T0);

        Assert.Same(secrets, WooCommerceWebhookSecrets.Rotate(secrets, "s1", T0));
    }

    [Fact]
    public void A_store_from_before_versions_keeps_its_previous_secret_until_a_run_confirms()
    {
        var legacy = new StoreSecrets { WebhookSecret = "s2", PreviousWebhookSecret = "s1" };

        var rotated = WooCommerceWebhookSecrets.Rotate(legacy, "s3", T0);

        Assert.Equal(1, rotated.WebhookSecretVersion);
        Assert.Equal(["s3", "s2", "s1"], WooCommerceWebhookSecrets.Accepted(rotated, T0.AddDays(30)));
    }
}
