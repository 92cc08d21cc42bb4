namespace OrderConfirm.Security;

/// The checks a store's URLs get when they are saved (the stores API answers 400 naming the field). Names are not
/// resolved here: what a name points at can change, so ShopConnector checks the address again on every connection.
public static class ShopUrlRules
{
    /// Why an absolute http(s) URL may not be a shop's API root under these settings, or null.
    public static string? Problem(Uri url, OutboundOptions options)
    {
        if (url.Scheme == Uri.UriSchemeHttp && !options.AllowPlainHttp)
        {
            return "The URL must use https: over plain http the shop's credentials would travel in clear (Outbound:AllowPlainHttp allows it for a test shop).";
        }

        return HostProblem(url.IdnHost, options);
    }

    /// Why a host name may not be a shop's domain under these settings, or null.
    public static string? HostProblem(string host, OutboundOptions options)
    {
        var (kind, _) = ShopAddresses.ClassifyHost(host);
        if (options.Allows(kind))
        {
            return null;
        }

        return kind.IsPrivate()
            ? $"'{host}' is {kind.Describe()}; a shop must be reachable at a public address (Outbound:AllowPrivateShopAddresses allows it for a test shop)."
            : $"'{host}' is {kind.Describe()}, which is never a shop's address.";
    }
}
