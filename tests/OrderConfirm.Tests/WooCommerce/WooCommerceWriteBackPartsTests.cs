using OrderConfirm.Stores;
using OrderConfirm.Verification;
using OrderConfirm.WooCommerce;

namespace OrderConfirm.Tests.WooCommerce;

public sealed class WooCommerceWriteBackPartsTests
{
    [Theory]
    [InlineData("confirmed", "processing")]
    [InlineData("cancelled", "cancelled")]
    [InlineData("callback", null)]
    [InlineData("no-input", null)]
    [InlineData("unreachable", null)]
    public void Outcomes_set_the_design_defaults(string outcome, string? status)
        => Assert.Equal(status, WooCommerceOutcomeStatuses.For(new StoreSettings(), outcome));

    [Fact]
    public void Store_overrides_win_outcome_by_outcome_and_empty_leaves_the_status_alone()
    {
        var settings = StoreSettings.Of(new WooCommerceSettings { OutcomeStatuses = new Dictionary<string, string> { ["confirmed"] = "", ["unreachable"] = " cancelled ", ["callback"] = "pending" } });

        Assert.Null(WooCommerceOutcomeStatuses.For(settings, "confirmed"));
        Assert.Equal("cancelled", WooCommerceOutcomeStatuses.For(settings, "unreachable"));
        Assert.Equal("pending", WooCommerceOutcomeStatuses.For(settings, "callback"));
        Assert.Equal("cancelled", WooCommerceOutcomeStatuses.For(settings, "cancelled")); // not overridden: the default
        Assert.Null(WooCommerceOutcomeStatuses.For(settings, "no-input"));
    }

    [Theory]
    [InlineData("4817", true)]
    [InlineData("0", false)]
    [InlineData("-4817", false)]
    [InlineData("WC-1001", false)]
    [InlineData(" 4817", false)]
    [InlineData("", false)]
    public void Only_a_positive_whole_number_is_a_WooCommerce_order_id(string orderId, bool valid)
        => Assert.Equal(valid, WooCommerceOrderRefs.TryParseId(orderId, out _));

    [Theory]
    [InlineData("woocommerce_rest_shop_order_invalid_id", true)]
    [InlineData("woocommerce_rest_order_invalid_id", true)]
    [InlineData("rest_no_route", false)]
    [InlineData("no_code", false)]
    public void Only_WooCommerce_saying_the_id_is_invalid_means_the_order_is_gone(string code, bool gone)
        => Assert.Equal(gone, WooCommerceOrderRefs.IsGone(code));

    [Fact]
    public void Note_names_the_result_the_time_in_the_store_zone_and_the_call_but_not_the_phone()
    {
        var verification = new VerificationRecord { Id = 42, CallId = "20076", Outcome = "confirmed", Phone = "encrypted", PhoneMasked = "*******4567" };
        var zone = TimeZones.TryFind("Asia/Karachi", out var karachi) ? karachi : throw new InvalidOperationException("no tz data");

        var text = WooCommerceOutcomeNote.Text(verification, "confirmed", "Order status set to processing.", new DateTimeOffset(2026, 5, 14, 14, 45, 30, TimeSpan.Zero), zone);

        Assert.Equal(
            "OrderConfirm: confirmed. The customer pressed 1 on the verification call to confirm the order. Order status set to processing. "
            + "Call placed 2026-05-14 19:45 PKT, call id 20076. [OrderConfirm ref 42/20076/confirmed]",
            text);
        Assert.DoesNotContain("4567", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Marker_tells_a_rerun_from_a_new_call_or_outcome()
    {
        var first = new VerificationRecord { Id = 42, CallId = "20076" };
        var marker = WooCommerceOutcomeNote.Marker(first, "no-input");
        WooCommerceOrderNote[] notes = [new(1, "Order status changed from Pending payment to On hold.", false, null), new(2, $"OrderConfirm: no input. … {marker}", false, null)];

        Assert.True(WooCommerceOutcomeNote.IsAmong(notes, marker));
        Assert.False(WooCommerceOutcomeNote.IsAmong(notes, WooCommerceOutcomeNote.Marker(first, "confirmed")));
        Assert.False(WooCommerceOutcomeNote.IsAmong(notes, WooCommerceOutcomeNote.Marker(new VerificationRecord { Id = 42, CallId = "20099" }, "no-input"))); // redialled
        Assert.False(WooCommerceOutcomeNote.IsAmong(notes, WooCommerceOutcomeNote.Marker(new VerificationRecord { Id = 4, CallId = "20076" }, "no-input")));
    }

    [Fact]
    public void Other_zones_show_their_offset()
    {
        var dubai = TimeZones.TryFind("Asia/Dubai", out var zone) ? zone : throw new InvalidOperationException("no tz data");

        var text = WooCommerceOutcomeNote.Text(new VerificationRecord { Id = 1, CallId = "9" }, "unreachable", "Order status left as on-hold.", new DateTimeOffset(2026, 5, 14, 14, 45, 0, TimeSpan.Zero), dubai);

        Assert.Contains("Call placed 2026-05-14 18:45 UTC+04:00, call id 9.", text, StringComparison.Ordinal);
    }
}
