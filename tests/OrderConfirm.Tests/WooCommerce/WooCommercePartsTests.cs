using System.Net;
using System.Text;
using System.Text.Json;
using OrderConfirm.WooCommerce;
using Refit;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.WooCommerce;

public sealed class WooCommercePartsTests
{
    // As WordPress writes it: slashes escaped, non-ASCII as \uXXXX, money as strings, dates without a zone, meta values
    // of any JSON type, a number that is not the id.
    private const string PhpOrder = """
        {"id":4817,"number":"WC-1001","status":"processing","currency":"PKR","total":"3749.00","payment_method":"cod",
         "date_created_gmt":"2026-05-14T14:42:07","date_modified_gmt":"2026-05-14T14:42:08",
         "billing":{"first_name":"\u0622\u0645\u0646\u06c1","last_name":"Khan","phone":"0300 1234567","email":"a@example.com"},
         "shipping":{"first_name":"Ayesha","last_name":"Khan","phone":""},
         "meta_data":[{"id":1,"key":"_orderconfirm_status","value":"pending"},{"id":2,"key":"n","value":42},{"id":3,"key":"o","value":{"a":[1]}},{"id":4,"key":"z","value":null}],
         "_links":{"self":[{"href":"https:\/\/shop.example.pk\/wp-json\/wc\/v3\/orders\/4817"}]}}
        """;

    [Fact]
    public void Order_json_as_wordpress_writes_it_is_read()
    {
        var order = JsonSerializer.Deserialize<WooCommerceOrder>(PhpOrder, WooCommerceClient.Json)!;

        Assert.Equal((4817L, "WC-1001", "processing", "cod"), (order.Id, order.Number, order.Status, order.PaymentMethod));
        Assert.Equal(3749.00m, order.Amount);
        Assert.Equal("آمنہ", order.Billing!.FirstName);
        Assert.Equal(new DateTimeOffset(2026, 5, 14, 14, 42, 8, TimeSpan.Zero), order.ModifiedAt);
        Assert.Equal("pending", order.Meta("_orderconfirm_status"));
        Assert.Equal("42", order.Meta("n"));
        Assert.Equal("""{"a":[1]}""", order.Meta("o"));
        Assert.Null(order.Meta("z"));
        Assert.Null(order.Meta("absent"));
    }

    [Theory]
    [InlineData(null, "0.00", 0)]
    [InlineData("2026-05-14T14:42:07", "12", 12)]
    [InlineData("2026-05-14T14:42:07Z", "1,234.50", 1234.50)]
    public void Dates_and_amounts_are_read_leniently(string? gmt, string total, decimal amount)
    {
        var order = new WooCommerceOrder { DateModifiedGmt = gmt, Total = total };

        Assert.Equal(gmt is null ? null : new DateTimeOffset(2026, 5, 14, 14, 42, 7, TimeSpan.Zero), order.ModifiedAt);
        Assert.Equal(amount, order.Amount);
        Assert.Equal("2026-05-14T14:42:07", WooCommerceDates.FormatGmt(new DateTimeOffset(2026, 5, 14, 19, 42, 7, TimeSpan.FromHours(5))));
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"code":"woocommerce_rest_cannot_view","message":"Désolé, vous ne pouvez pas…","data":{"status":401}}""", "Refused", "woocommerce_rest_cannot_view")]
    [InlineData(HttpStatusCode.Unauthorized, """{"code":"woocommerce_rest_authentication_error","message":"Consumer secret is invalid.","data":{"status":401}}""", "Refused", "woocommerce_rest_authentication_error")]
    [InlineData(HttpStatusCode.NotFound, """{"code":"woocommerce_rest_shop_order_invalid_id","message":"Invalid ID.","data":{"status":404}}""", "NotFound", "woocommerce_rest_shop_order_invalid_id")]
    [InlineData(HttpStatusCode.BadRequest, """{"code":"woocommerce_rest_shop_order_invalid_id","message":"Invalid ID.","data":{"status":400}}""", "NotFound", "woocommerce_rest_shop_order_invalid_id")]
    [InlineData(HttpStatusCode.BadRequest, """{"code":"rest_invalid_param","message":"Invalid parameter(s): status","data":{"status":400}}""", "Failed", "rest_invalid_param")]
    [InlineData(HttpStatusCode.TooManyRequests, "<html>slow down</html>", "TryLater", "no_code")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad gateway</html>", "TryLater", "no_code")]
    public async Task Errors_are_sorted_by_status_and_code_never_by_the_translated_message(HttpStatusCode status, string body, string kind, string code)
    {
        var answer = WooCommerceClient.Classify(await ResponseAsync(status, body));

        Assert.Equal(kind, answer.GetType().Name);
        var text = answer.ToString();
        Assert.Contains(code, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Désolé", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_key_says_what_to_check()
    {
        var answer = WooCommerceClient.Classify(await ResponseAsync(HttpStatusCode.Unauthorized, """{"code":"woocommerce_rest_cannot_view","message":"x","data":{"status":401}}"""));

        var refused = Assert.IsType<ShopAnswer<WooCommerceOrder>.Refused>(answer);
        Assert.Contains("HTTPS", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("queryStringAuth", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_2xx_that_is_not_json_is_a_failure_not_an_order()
    {
        var answer = WooCommerceClient.Classify(await ResponseAsync(HttpStatusCode.OK, "<br /><b>Notice</b>: Undefined index{\"id\":1}"));

        Assert.IsType<ShopAnswer<WooCommerceOrder>.Failed>(answer);
    }

    private static async Task<IApiResponse<WooCommerceOrder>> ResponseAsync(HttpStatusCode status, string body)
    {
        using var handler = new FixedHandler(status, body);
        using var http = new HttpClient(handler) { BaseAddress = new Uri("https://shop.example.pk/wp-json/wc/v3/") };
        var api = RestService.ForGenerated<IWooCommerceApi>(http, new RefitSettings(new SystemTextJsonContentSerializer(WooCommerceClient.Json)));
        return await api.GetOrderAsync(4817, "Basic x", null, null, CancellationToken.None);
    }

    private sealed class FixedHandler(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
    }
}
