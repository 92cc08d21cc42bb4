using OrderConfirm.Shopify;
using OrderConfirm.Stores;

namespace OrderConfirm.Tests.Shopify;

public sealed class ReconcileSearchTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 22, 9, 30, 15, TimeSpan.FromHours(5));

    [Fact]
    public void Search_asks_for_open_untagged_orders_of_the_cod_gateways_since_the_mark()
    {
        var store = Store(["Cash on Delivery (COD)", "COD \"cash\" \\ pay"]);

        var search = ShopifyReconcileOrdersJob.Search(store, From, filterByGateway: true);

        Assert.Equal(
            """created_at:>='2026-11-22T04:30:15Z' AND status:open AND (gateway:"Cash on Delivery (COD)" OR gateway:"COD \"cash\" \\ pay") AND tag_not:cod-pending AND tag_not:cod-confirmed AND tag_not:cod-cancelled AND tag_not:cod-callback AND tag_not:cod-unreachable""",
            search);
    }

    [Fact]
    public void Search_without_the_gateway_filter_leaves_the_cod_check_to_us()
        => Assert.DoesNotContain("gateway:", ShopifyReconcileOrdersJob.Search(Store(null), From, filterByGateway: false), StringComparison.Ordinal);

    [Fact]
    public void Search_uses_the_default_cod_gateway_when_the_store_names_none()
        => Assert.Contains("""(gateway:"Cash on Delivery (COD)")""", ShopifyReconcileOrdersJob.Search(Store(null), From, filterByGateway: true), StringComparison.Ordinal);

    [Fact]
    public void First_run_starts_at_the_connection_and_never_further_back_than_the_lookback()
    {
        var now = From.AddDays(10);
        var lookback = TimeSpan.FromDays(2);

        Assert.Equal(now.AddHours(-1), ShopifyReconcileOrdersJob.StartOf(Store(null) with { CreatedAt = now.AddHours(-1) }, now, lookback));
        Assert.Equal(now - lookback, ShopifyReconcileOrdersJob.StartOf(Store(null) with { CreatedAt = now.AddDays(-30) }, now, lookback));
        Assert.Equal(now.AddHours(-3), ShopifyReconcileOrdersJob.StartOf(Store(null) with { CreatedAt = now.AddHours(-1), ReconciledThrough = now.AddHours(-3) }, now, lookback));
    }

    private static Store Store(IReadOnlyList<string>? gateways)
        => new() { Id = 1, Name = "Lahore Lawn", Platform = ShopifyPlatform.Key, Settings = StoreSettings.Of(new ShopifySettings { CodGatewayNames = gateways }) };
}
