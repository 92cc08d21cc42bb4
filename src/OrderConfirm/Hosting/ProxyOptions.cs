using System.Net;

namespace OrderConfirm.Hosting;

/// The reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed. The client address matters for the
/// confirm-link page's per-client rate limit: behind an ingress every customer would otherwise be the ingress.
/// Loopback is always trusted (a proxy on the same host); anything else must be named, because a header from an
/// unknown sender is whatever that sender wants it to be.
public sealed class ProxyOptions
{
    public const string Section = "ForwardedHeaders";

    // IP addresses, e.g. "10.0.0.5".
    public string[] KnownProxies { get; set; } = [];

    // CIDR ranges, e.g. "10.0.0.0/8".
    public string[] KnownNetworks { get; set; } = [];

    public static IEnumerable<string> Problems(ProxyOptions options)
    {
        for (var i = 0; i < options.KnownProxies.Length; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                yield return $"{Section}:KnownProxies:{i}: '{options.KnownProxies[i]}' is not an IP address.";
            }
        }

        for (var i = 0; i < options.KnownNetworks.Length; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                yield return $"{Section}:KnownNetworks:{i}: '{options.KnownNetworks[i]}' is not a CIDR range such as 10.0.0.0/8.";
            }
        }
    }
}
