using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OrderConfirm.Security;

namespace OrderConfirm.Tests.Security;

/// The connect step of the shop clients, through a real SocketsHttpHandler, with the name resolution faked: the
/// shop's name can be made to point anywhere, as a DNS record changed after the store was saved would.
public sealed class ShopConnectorTests : IDisposable
{
    private readonly TcpListener _shop = new(IPAddress.Loopback, 0);
    private readonly FakeResolver _dns = new();

    public ShopConnectorTests() => _shop.Start();

    private int Port => ((IPEndPoint)_shop.LocalEndpoint).Port;

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("10.0.0.5")]
    [InlineData("169.254.169.254")]
    [InlineData("fd00:ec2::254")]
    public async Task A_public_name_that_resolves_to_a_disallowed_address_is_refused_before_connecting(string address)
    {
        _dns.Answer("shop.example.pk", IPAddress.Parse(address));
        using var client = Client(new OutboundOptions { AllowPlainHttp = true });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://shop.example.pk:{Port}/wp-json/wc/v3/orders?consumer_secret=cs_secret"));

        var refused = ShopAddressRefusedException.In(error);
        Assert.NotNull(refused);
        Assert.Contains(address, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("cs_secret", error.ToString(), StringComparison.Ordinal);
        Assert.False(_shop.Pending());
    }

    [Fact]
    public async Task One_disallowed_address_among_public_ones_refuses_the_name()
    {
        _dns.Answer("shop.example.pk", IPAddress.Parse("93.184.215.14"), IPAddress.Parse("127.0.0.1"));
        using var client = Client(new OutboundOptions { AllowPlainHttp = true });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://shop.example.pk:{Port}/"));

        Assert.NotNull(ShopAddressRefusedException.In(error));
        Assert.False(_shop.Pending());
    }

    [Fact]
    public async Task An_allowed_name_is_connected_to_the_address_that_was_checked_and_resolved_once()
    {
        // The name is known only to the fake resolver: a connection by name through the system's resolver would fail.
        _dns.Answer("woo.test-shop.invalid", IPAddress.Loopback);
        using var client = Client(new OutboundOptions { AllowPrivateShopAddresses = true, AllowPlainHttp = true });

        var answer = Task.Run(AnswerOneRequestAsync);
        var response = await client.GetAsync($"http://woo.test-shop.invalid:{Port}/");

        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal(1, _dns.Lookups);
        await answer;
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/", "loopback")]
    [InlineData("http://localhost:{0}/", "loopback")]
    [InlineData("http://169.254.169.254:{0}/", "metadata")]
    public async Task A_literal_or_special_host_is_refused_without_a_lookup(string url, string why)
    {
        using var client = Client(new OutboundOptions { AllowPlainHttp = true });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, url, Port)));

        Assert.Contains(why, ShopAddressRefusedException.In(error)!.Message, StringComparison.Ordinal);
        Assert.Equal(0, _dns.Lookups);
        Assert.False(_shop.Pending());
    }

    [Fact]
    public async Task Plain_http_is_refused_unless_allowed()
    {
        _dns.Answer("shop.example.pk", IPAddress.Parse("93.184.215.14"));
        using var client = Client(new OutboundOptions { AllowPrivateShopAddresses = true });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://shop.example.pk:{Port}/"));

        Assert.Contains("plain http", ShopAddressRefusedException.In(error)!.Message, StringComparison.Ordinal);
        Assert.Equal(0, _dns.Lookups);
    }

    public void Dispose() => _shop.Dispose();

    private HttpClient Client(OutboundOptions options)
    {
        var connector = new ShopConnector(_dns, new FixedOptions(options), NullLogger<ShopConnector>.Instance);
        // A short timeout: a guard that failed would leave the test waiting for a connection to nowhere.
        return new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectCallback = connector.ConnectAsync }) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private async Task AnswerOneRequestAsync()
    {
        using var socket = await _shop.AcceptSocketAsync();
        var buffer = new byte[4096];
        var read = 0;
        while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await socket.ReceiveAsync(buffer.AsMemory(read));
        }

        await socket.SendAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
    }

    private sealed class FakeResolver : IShopHostResolver
    {
        private readonly Dictionary<string, IPAddress[]> _records = new(StringComparer.OrdinalIgnoreCase);

        public int Lookups { get; private set; }

        public void Answer(string host, params IPAddress[] addresses) => _records[host] = addresses;

        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Lookups++;
            return _records.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : throw new SocketException((int)SocketError.HostNotFound);
        }
    }

    private sealed class FixedOptions(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;

        public OutboundOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
