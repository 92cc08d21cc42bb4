using OrderConfirm.Stores;

namespace OrderConfirm.Tests.Stores;

public sealed class StoreValidatorTests
{
    [Fact]
    public void Empty_create_names_name_and_platform()
    {
        var errors = StoreValidator.Validate(new StoreRequest(), null);

        Assert.Contains("name", errors.Keys);
        Assert.Contains("platform", errors.Keys);
    }

    [Fact]
    public void Valid_stores_of_each_platform_pass()
    {
        Assert.Empty(StoreValidator.Validate(new StoreRequest { Name = "A", Platform = "shopify", ShopDomain = "lahore-lawn.myshopify.com", AccessToken = "t", WebhookSecret = "w" }, null));
        Assert.Empty(StoreValidator.Validate(new StoreRequest { Name = "B", Platform = "woocommerce", ApiBaseUrl = "https://shop.example.pk", ConsumerKey = "ck", ConsumerSecret = "cs" }, null));
        Assert.Empty(StoreValidator.Validate(new StoreRequest { Name = "C", Platform = "custom" }, null));
    }

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public void Invalid_field_is_named(StoreRequest request, string field)
        => Assert.Contains(field, StoreValidator.Validate(request, null).Keys);

    public static TheoryData<StoreRequest, string> InvalidRequests() => new()
    {
        { new StoreRequest { Name = "A", Platform = "shopify" }, "shopDomain" },
        { new StoreRequest { Name = "A", Platform = "shopify" }, "accessToken" },
        { new StoreRequest { Name = "A", Platform = "shopify" }, "webhookSecret" },
        { new StoreRequest { Name = "A", Platform = "shopify", ShopDomain = "https://x.myshopify.com/", AccessToken = "t", WebhookSecret = "w" }, "shopDomain" },
        { new StoreRequest { Name = "A", Platform = "woocommerce" }, "apiBaseUrl" },
        { new StoreRequest { Name = "A", Platform = "woocommerce" }, "consumerKey" },
        { new StoreRequest { Name = "A", Platform = "woocommerce", ApiBaseUrl = "ftp://x", ConsumerKey = "k", ConsumerSecret = "s" }, "apiBaseUrl" },
        { new StoreRequest { Name = "A", Platform = "telegram" }, "platform" },
        { new StoreRequest { Name = new string('x', 101), Platform = "custom" }, "name" },
        { new StoreRequest { Name = "A", Platform = "custom", RoboCall = new RoboCallRequest(null, "abc") }, "roboCall.voiceId" },
        { new StoreRequest { Name = "A", Platform = "custom", Sms = new SmsRequest("carrier-pigeon", null, null) }, "sms.provider" },
        { new StoreRequest { Name = "A", Platform = "custom", Sms = new SmsRequest("robase", null, null) }, "sms.apiKey" },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = new StoreSettings { CallingHours = "9 to 5" } }, "settings.callingHours" },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = new StoreSettings { TimeZone = "Mars/Olympus" } }, "settings.timeZone" },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = new StoreSettings { GiveUpAfter = TimeSpan.FromDays(8) } }, "settings.giveUpAfter" },
        { new StoreRequest { Name = "A", Platform = "custom", Settings = new StoreSettings { CallDelay = TimeSpan.FromMinutes(-1) } }, "settings.callDelay" },
    };

    [Fact]
    public void Patch_counts_what_the_store_already_has_and_keeps_its_platform()
    {
        var existing = new Store
        {
            Id = 1,
            Name = "Lahore Lawn",
            Platform = "shopify",
            ShopDomain = "lahore-lawn.myshopify.com",
            Secrets = new StoreSecrets { AccessToken = "t", WebhookSecret = "w" },
        };

        Assert.Empty(StoreValidator.Validate(new StoreRequest { Name = "Lahore Lawn Outlet" }, existing));
        Assert.Contains("platform", StoreValidator.Validate(new StoreRequest { Platform = "custom" }, existing).Keys);
        Assert.Contains("accessToken", StoreValidator.Validate(new StoreRequest { AccessToken = "" }, existing).Keys);
    }

    [Theory]
    [InlineData(null, "a", "a")]
    [InlineData("", "a", null)]
    [InlineData("   ", "a", null)]
    [InlineData(" b ", "a", "b")]
    public void Merge_follows_patch_rules(string? requested, string? current, string? expected)
        => Assert.Equal(expected, StoreValidator.Merge(requested, current));
}
