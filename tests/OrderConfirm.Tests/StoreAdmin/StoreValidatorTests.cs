using OrderConfirm.WooCommerce;
using OrderConfirm.Verification;
using OrderConfirm.Stores;

namespace OrderConfirm.Tests.StoreAdmin;

public sealed class StoreValidatorTests
{
    private static readonly Store ExistingShopify = new()
    {
        Id = 1,
        Name = "Lahore Lawn",
        Platform = "shopify",
        ShopDomain = "lahore-lawn.myshopify.com",
        Secrets = new StoreSecrets { AccessToken = "t", WebhookSecret = "w" },
    };

    [Fact]
    public void Valid_stores_of_each_platform_pass()
    {
        Assert.Empty(StoreRules.Validate(new StoreRequest { Name = "A", Platform = "shopify", ShopDomain = "lahore-lawn.myshopify.com", AccessToken = "t", WebhookSecret = "w" }, null));
        Assert.Empty(StoreRules.Validate(new StoreRequest { Name = "B", Platform = "woocommerce", ApiBaseUrl = "https://shop.example.pk", ConsumerKey = "ck", ConsumerSecret = "cs" }, null));
        Assert.Empty(StoreRules.Validate(new StoreRequest { Name = "C", Platform = "custom" }, null));
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Invalid_request_names_exactly_the_wrong_fields(StoreRequest request, string[] fields)
        => Assert.Equal(fields.Order(StringComparer.Ordinal), StoreRules.Validate(request, null).Keys.Order(StringComparer.Ordinal));

    public static TheoryData<StoreRequest, string[]> InvalidRequests() => new()
    {
        { new StoreRequest(), ["name", "platform"] },
        { new StoreRequest { Name = "A", Platform = "shopify" }, ["shopDomain", "accessToken", "webhookSecret"] },
        { new StoreRequest { Name = "A", Platform = "shopify", ShopDomain = "https://x.myshopify.com/", AccessToken = "t", WebhookSecret = "w" }, ["shopDomain"] },
        { new StoreRequest { Name = "A", Platform = "woocommerce" }, ["apiBaseUrl", "consumerKey", "consumerSecret"] },
        { new StoreRequest { Name = "A", Platform = "woocommerce", ApiBaseUrl = "ftp://x", ConsumerKey = "k", ConsumerSecret = "s" }, ["apiBaseUrl"] },
        { new StoreRequest { Name = "A", Platform = "telegram" }, ["platform"] },
        { new StoreRequest { Name = new string('x', 101), Platform = "custom" }, ["name"] },
        { new StoreRequest { Name = "A", Platform = "custom", RoboCall = new RoboCallRequest(null, "abc") }, ["roboCall.voiceId"] },
        { new StoreRequest { Name = "A", Platform = "custom", Sms = new SmsRequest("carrier-pigeon", null, null) }, ["sms.provider"] },
        { new StoreRequest { Name = "A", Platform = "custom", Sms = new SmsRequest("robase", null, null) }, ["sms.apiKey"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new CallSettings { CallingHours = "9 to 5" }) }, ["settings.callingHours"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new CallSettings { TimeZone = "Mars/Olympus" }) }, ["settings.timeZone"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new CallSettings { GiveUpAfter = TimeSpan.FromDays(8) }) }, ["settings.giveUpAfter"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new CallSettings { CallDelay = TimeSpan.FromMinutes(-1) }) }, ["settings.callDelay"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new WooCommerceSettings { CodPaymentMethods = [] }) }, ["settings.codPaymentMethods"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new WooCommerceSettings { OutcomeStatuses = new Dictionary<string, string> { ["maybe"] = "processing" } }) }, ["settings.outcomeStatuses.maybe"] },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = StoreSettings.Of(new WooCommerceSettings { OutcomeStatuses = new Dictionary<string, string> { ["confirmed"] = "wc-processing", ["cancelled"] = "Cancelled!" } }) }, ["settings.outcomeStatuses.confirmed", "settings.outcomeStatuses.cancelled"] },
    };

    [Fact]
    public void WooCommerce_settings_take_payment_methods_and_outcome_statuses_with_blank_meaning_unchanged()
    {
        var request = new StoreRequest
        {
            Name = "Karachi Kurta",
            Platform = "woocommerce",
            ApiBaseUrl = "https://kurta.example.pk",
            ConsumerKey = "ck_1",
            ConsumerSecret = "cs_1",
            Settings = StoreSettings.Of(new WooCommerceSettings { CodPaymentMethods = ["cod", "cod_pk"], HoldAtIntake = false, QueryStringAuth = true, OutcomeStatuses = new Dictionary<string, string> { ["confirmed"] = "ready-to-ship", ["unreachable"] = "" } }),
        };

        Assert.Empty(StoreRules.Validate(request, null));
    }

    [Fact]
    public void Patch_counts_what_the_store_already_has_and_keeps_its_platform()
    {
        Assert.Empty(StoreRules.Validate(new StoreRequest { Name = "Lahore Lawn Outlet" }, ExistingShopify));
        Assert.Equal(["platform"], StoreRules.Validate(new StoreRequest { Platform = "custom" }, ExistingShopify).Keys);
        Assert.Equal(["accessToken"], StoreRules.Validate(new StoreRequest { AccessToken = "" }, ExistingShopify).Keys);
    }

    // README: on PATCH "" clears an optional field, and StoresApi.MergeSettings turns "" into "use the default" for
    // these two; the validator must let that request through.
    [Fact]
    public void Patch_may_clear_calling_hours_and_time_zone()
    {
        var clear = new StoreRequest { Settings = StoreSettings.Of(new CallSettings { CallingHours = "", TimeZone = "" }) };

        Assert.Empty(StoreRules.Validate(clear, ExistingShopify));
    }

    [Theory]
    [InlineData(null, "a", "a")]
    [InlineData("", "a", null)]
    [InlineData("   ", "a", null)]
    [InlineData(" b ", "a", "b")]
    public void Merge_follows_patch_rules(string? requested, string? current, string? expected)
        => Assert.Equal(expected, StoreErrors.Merge(requested, current));
}
