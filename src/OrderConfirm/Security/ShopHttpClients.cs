namespace OrderConfirm.Security;

public static class ShopHttpClients
{
    /// Makes a client one whose connections go only where OutboundOptions allow (ShopConnector). For the clients that
    /// call a store's own URL, never for the configured provider roots (Robo Call, SMS gateways), which are the
    /// operator's. No proxy: through one, the connection would be to the proxy and the shop's address unchecked.
    public static IHttpClientBuilder AddShopAddressGuard(this IHttpClientBuilder builder)
        => builder.ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = services.GetRequiredService<ShopConnector>().ConnectAsync,
        });
}
