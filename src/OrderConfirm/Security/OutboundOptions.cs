namespace OrderConfirm.Security;

/// Where requests made on a store's behalf (Shopify Admin API, WooCommerce REST API) may go. A store's URLs come from
/// whoever holds the admin key, and those requests carry the shop's credentials, so by default they reach only public
/// addresses over https. Both switches are for test shops and local development (WireMock on http://127.0.0.1).
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    // Loopback, private (RFC 1918, CGNAT, IPv6 ULA), link-local addresses and internal names (localhost, single
    // labels, .internal, .local …). Cloud metadata, unspecified, multicast and reserved addresses stay refused.
    public bool AllowPrivateShopAddresses { get; set; }

    // http:// shop URLs: the consumer key and secret, or the access token, would travel in clear.
    public bool AllowPlainHttp { get; set; }

    public bool Allows(ShopAddressKind kind)
        => kind == ShopAddressKind.Public || (AllowPrivateShopAddresses && kind.IsPrivate());
}
