using OrderConfirm.Toolkit;

namespace OrderConfirm.Tests.Toolkit;

public sealed class SelfCallsTests
{
    [Theory]
    [InlineData(new[] { "http://localhost:5080" }, "http://127.0.0.1:5080/")]
    [InlineData(new[] { "https://localhost:7080", "http://[::]:8080" }, "http://127.0.0.1:8080/")]
    [InlineData(new[] { "http://+:80" }, "http://127.0.0.1/")]
    [InlineData(new[] { "http://127.0.0.1:41234" }, "http://127.0.0.1:41234/")]
    [InlineData(new[] { "http://[::1]:5000" }, "http://[::1]:5000/")]
    [InlineData(new[] { "https://localhost:7080" }, "https://localhost:7080/")]
    public void The_service_calls_itself_on_a_loopback_address_it_listens_on_http_first(string[] addresses, string expected)
        => Assert.Equal(expected, SelfCalls.Pick(addresses)!.ToString());

    [Fact]
    public void Without_an_http_address_there_is_nowhere_to_call()
        => Assert.Null(SelfCalls.Pick(["net.tcp://localhost:1"]));
}
