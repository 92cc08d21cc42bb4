using OrderConfirm.Tests.StoreAdmin;
using OrderConfirm.Security;
using OrderConfirm.Stores;

namespace OrderConfirm.Tests.Security;

public sealed class ShopUrlRulesTests
{
    private static readonly OutboundOptions Strict = new();
    private static readonly OutboundOptions TestShops = new() { AllowPrivateShopAddresses = true, AllowPlainHttp = true };

    [Theory]
    [InlineData("https://shop.example.pk/", true, true)]
    [InlineData("https://shop.example.pk:8443/wp/", true, true)]
    [InlineData("http://shop.example.pk/", false, true)]
    [InlineData("https://127.0.0.1/", false, true)]
    [InlineData("http://127.0.0.1:8080/", false, true)]
    [InlineData("https://①②⑦.0.0.1/", false, true)]
    [InlineData("https://127。0。0。1/", false, true)]
    [InlineData("https://[::ffff:7f00:1]/", false, true)]
    [InlineData("https://[fe80::1%25eth0]/", false, true)]
    [InlineData("https://wordpress/", false, true)]
    [InlineData("https://169.254.169.254/", false, false)]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", false, false)]
    [InlineData("https://[fd00:ec2::254]/", false, false)]
    [InlineData("https://0.0.0.0/", false, false)]
    [InlineData("https://1.2.3.4.5/", false, false)]
    public void Api_urls_are_checked_by_scheme_and_host(string url, bool strictAccepts, bool testShopsAccept)
    {
        var uri = new Uri(url);

        Assert.Equal(strictAccepts, ShopUrlRules.Problem(uri, Strict) is null);
        Assert.Equal(testShopsAccept, ShopUrlRules.Problem(uri, TestShops) is null);
    }

    [Fact]
    public void The_message_names_the_setting_that_would_allow_it_and_never_offers_one_for_metadata()
    {
        Assert.Contains("Outbound:AllowPlainHttp", ShopUrlRules.Problem(new Uri("http://shop.example.pk/"), Strict), StringComparison.Ordinal);
        Assert.Contains("Outbound:AllowPrivateShopAddresses", ShopUrlRules.Problem(new Uri("https://10.0.0.8/"), Strict), StringComparison.Ordinal);
        var metadata = ShopUrlRules.Problem(new Uri("https://169.254.169.254/"), TestShops)!;
        Assert.Contains("metadata", metadata, StringComparison.Ordinal);
        Assert.DoesNotContain("Outbound:", metadata, StringComparison.Ordinal);
    }

    [Fact]
    public void The_store_validator_names_the_field()
    {
        var woo = new StoreRequest { Name = "B", Platform = "woocommerce", ApiBaseUrl = "https://192.168.0.10", ConsumerKey = "ck", ConsumerSecret = "cs" };
        var shopify = new StoreRequest { Name = "A", Platform = "shopify", ShopDomain = "localhost", AccessToken = "t", WebhookSecret = "w" };

        Assert.Equal(["apiBaseUrl"], StoreRules.Validate(woo, null).Keys);
        Assert.Equal(["shopDomain"], StoreRules.Validate(shopify, null).Keys);
        Assert.Empty(StoreRules.Validate(woo, null, TestShops));
        Assert.Empty(StoreRules.Validate(shopify, null, TestShops));
    }
}
