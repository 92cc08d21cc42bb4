using OrderConfirm.Telemetry;
using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.Toolkit;

/// The failed-request line says what happened without quoting anything a URL may carry.
public sealed class OutboundRequestLogTests
{
    [Theory]
    [InlineData("/api/check_balance", "/api/check_balance")]
    [InlineData("/wp-json/wc/v3/orders/1042/notes", "/wp-json/wc/*/orders/*/notes")]
    [InlineData("/services/T0AB/B0CD/XyzTokenXyzTokenXyzToken", "/services/*/*/*")]
    public void A_path_keeps_its_shape_and_loses_ids_and_tokens(string path, string shape)
        => Assert.Equal(shape, PathShapes.Shape(path));

    [Fact]
    public void An_exception_is_described_by_its_type_and_kind_never_its_message()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (api.example?api_key=secret)");

        Assert.Equal("HttpRequestException: ConnectionError", OutboundRequestLog.Describe(refused));
        Assert.Equal("timed out", OutboundRequestLog.Describe(new TaskCanceledException("secret")));
        Assert.Equal("InvalidOperationException", OutboundRequestLog.Describe(new InvalidOperationException("secret")));
    }
}
