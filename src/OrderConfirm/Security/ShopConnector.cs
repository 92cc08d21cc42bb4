using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace OrderConfirm.Security;

/// The connect step of the shop HTTP clients (SocketsHttpHandler.ConnectCallback): it resolves the host once, refuses
/// the connection if the host or any address it resolved to is not allowed (OutboundOptions), and connects to those
/// checked addresses itself, so a name that resolves to a public address when the store is saved and to 127.0.0.1 or
/// 169.254.169.254 now (DNS rebinding) reaches neither. Redirects open their connections here too.
public sealed partial class ShopConnector(IShopHostResolver resolver, IOptionsMonitor<OutboundOptions> options, ILogger<ShopConnector> logger)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var host = context.DnsEndPoint.Host;
        if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp && !settings.AllowPlainHttp)
        {
            throw Refuse(host, null, $"OrderConfirm does not send a shop's credentials over plain http to {host} (Outbound:AllowPlainHttp allows it for a test shop)");
        }

        var (kind, literal) = ShopAddresses.ClassifyHost(host);
        if (!settings.Allows(kind))
        {
            throw Refuse(host, literal, Reason(host, kind));
        }

        var addresses = literal is not null ? [literal] : await resolver.ResolveAsync(host.Trim('[', ']'), cancellationToken);
        foreach (var address in addresses)
        {
            if (ShopAddresses.Classify(address) is var resolved && !settings.Allows(resolved))
            {
                throw Refuse(host, address, Reason($"{host} ({address})", resolved));
            }
        }

        return await ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
    }

    private static async Task<Stream> ConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private static string Reason(string what, ShopAddressKind kind)
        => kind.IsPrivate()
            ? $"OrderConfirm does not connect to {what}: it is {kind.Describe()}, and a shop must be at a public address (Outbound:AllowPrivateShopAddresses allows it for a test shop)"
            : $"OrderConfirm does not connect to {what}: it is {kind.Describe()}, which is never a shop's address";

    private ShopAddressRefusedException Refuse(string host, IPAddress? address, string reason)
    {
        LogRefused(logger, host, address?.ToString() ?? "-", reason);
        return new ShopAddressRefusedException(reason);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused to connect to shop host {Host} ({Address}): {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, string address, string reason);
}

/// Resolves a shop's host name; a seam so tests can make a name point anywhere.
public interface IShopHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsShopHostResolver : IShopHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
