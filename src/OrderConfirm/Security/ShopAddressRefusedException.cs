namespace OrderConfirm.Security;

/// A shop request that was not sent because of where it would have gone (ShopConnector). The message names the host
/// and why, never the URL: a WooCommerce key may be in its query string. It reaches the caller wrapped in the
/// HttpRequestException SocketsHttpHandler throws for a failed connect; In finds it there.
public sealed class ShopAddressRefusedException : Exception
{
    public ShopAddressRefusedException()
    {
    }

    public ShopAddressRefusedException(string message)
        : base(message)
    {
    }

    public ShopAddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// The WooCommerce answer's code for a refused connection.
    public const string Code = "shop_address_refused";

    public static ShopAddressRefusedException? In(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ShopAddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}
