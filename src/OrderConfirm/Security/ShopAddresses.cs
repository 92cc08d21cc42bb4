using System.Net;
using System.Net.Sockets;

namespace OrderConfirm.Security;

/// Sorts a shop URL's host, or an address it resolved to, into public or one of the kinds a shop request must not
/// reach unless the operator allows it (OutboundOptions). Used when a store is saved and again when a connection is
/// made (ShopConnector), so both see the same rules.
public static class ShopAddresses
{
    // Instance metadata and platform endpoints a request from a cloud VM or pod can reach: AWS/GCP/Azure/OCI/DO,
    // AWS ECS task credentials, Alibaba, Azure's WireServer (a public address that answers only from inside Azure).
    private static readonly IPAddress[] MetadataAddresses =
        [.. new[] { "169.254.169.254", "169.254.170.2", "100.100.100.200", "168.63.129.16", "192.0.0.192" }.Select(IPAddress.Parse)];

    private static readonly string[] MetadataNames = ["metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal"];

    // Names that only mean something inside a network, besides single labels; localhost is loopback (RFC 6761).
    private static readonly string[] InternalSuffixes = [".local", ".localdomain", ".internal", ".intranet", ".lan", ".home", ".home.arpa", ".corp", ".private", ".svc"];

    private static readonly (IPNetwork Network, ShopAddressKind Kind)[] V4 =
    [
        (IPNetwork.Parse("0.0.0.0/8"), ShopAddressKind.Unspecified),
        (IPNetwork.Parse("10.0.0.0/8"), ShopAddressKind.Private),
        (IPNetwork.Parse("100.64.0.0/10"), ShopAddressKind.SharedAddressSpace),
        (IPNetwork.Parse("127.0.0.0/8"), ShopAddressKind.Loopback),
        (IPNetwork.Parse("169.254.0.0/16"), ShopAddressKind.LinkLocal),
        (IPNetwork.Parse("172.16.0.0/12"), ShopAddressKind.Private),
        (IPNetwork.Parse("192.0.0.0/24"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("192.0.2.0/24"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("192.88.99.0/24"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("192.168.0.0/16"), ShopAddressKind.Private),
        (IPNetwork.Parse("198.18.0.0/15"), ShopAddressKind.Private),
        (IPNetwork.Parse("198.51.100.0/24"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("203.0.113.0/24"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("224.0.0.0/4"), ShopAddressKind.Multicast),
        (IPNetwork.Parse("240.0.0.0/4"), ShopAddressKind.Reserved),
    ];

    // IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses are sorted by the IPv4 address inside them.
    private static readonly (IPNetwork Network, ShopAddressKind Kind)[] V6 =
    [
        (IPNetwork.Parse("::/96"), ShopAddressKind.Reserved), // IPv4-compatible, deprecated (:: and ::1 are sorted first)
        (IPNetwork.Parse("64:ff9b:1::/48"), ShopAddressKind.Private),
        (IPNetwork.Parse("100::/64"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("2001::/23"), ShopAddressKind.Reserved), // Teredo, benchmarking, ORCHID …
        (IPNetwork.Parse("2001:db8::/32"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("2002::/16"), ShopAddressKind.Reserved), // 6to4
        (IPNetwork.Parse("3fff::/20"), ShopAddressKind.Reserved),
        (IPNetwork.Parse("fd00:ec2::/32"), ShopAddressKind.Metadata), // AWS: IMDS fd00:ec2::254, DNS, time
        (IPNetwork.Parse("fc00::/7"), ShopAddressKind.UniqueLocal),
        (IPNetwork.Parse("fe80::/10"), ShopAddressKind.LinkLocal),
        (IPNetwork.Parse("fec0::/10"), ShopAddressKind.Private), // site-local, deprecated
        (IPNetwork.Parse("ff00::/8"), ShopAddressKind.Multicast),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static ShopAddressKind Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv4MappedToIPv6)
            {
                return Classify(address.MapToIPv4());
            }

            if (Nat64.Contains(address))
            {
                return Classify(new IPAddress(address.GetAddressBytes().AsSpan(12)));
            }

            address = new IPAddress(address.GetAddressBytes()); // without a scope id: IPNetwork.Contains ignores none
            if (address.Equals(IPAddress.IPv6Any))
            {
                return ShopAddressKind.Unspecified;
            }

            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return ShopAddressKind.Loopback;
            }

            return First(V6, address);
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            return ShopAddressKind.Reserved;
        }

        return MetadataAddresses.Contains(address) ? ShopAddressKind.Metadata : First(V4, address);
    }

    /// A URL's host (Uri.IdnHost) or a connection's host: an IP address in any spelling the resolver would accept
    /// (127.1, 2130706433, 0x7f.0.0.1, [::ffff:7f00:1]) or a name. The address is set when the host is one.
    public static (ShopAddressKind Kind, IPAddress? Address) ClassifyHost(string host)
    {
        var name = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.').ToLowerInvariant();
        if (name.IndexOf('%') is var zone and > 0 && name.Contains(':', StringComparison.Ordinal))
        {
            name = name[..zone];
        }

        if (IPAddress.TryParse(name, out var address))
        {
            return (Classify(address), address);
        }

        return (ClassifyName(name), null);
    }

    private static ShopAddressKind ClassifyName(string name)
    {
        if (name.Length == 0 || name.Contains(':', StringComparison.Ordinal))
        {
            return ShopAddressKind.Reserved;
        }

        if (MetadataNames.Contains(name, StringComparer.Ordinal))
        {
            return ShopAddressKind.Metadata;
        }

        if (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal))
        {
            return ShopAddressKind.Loopback;
        }

        // No top-level domain is numeric: 1.2.3.4.5 or 0x7f.1.1.1.1 is a resolver's guess at an address, not a name.
        var last = name[(name.LastIndexOf('.') + 1)..];
        if (last.All(char.IsAsciiDigit) || last.StartsWith("0x", StringComparison.Ordinal))
        {
            return ShopAddressKind.Reserved;
        }

        if (!name.Contains('.', StringComparison.Ordinal) || InternalSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)))
        {
            return ShopAddressKind.InternalName;
        }

        return ShopAddressKind.Public;
    }

    private static ShopAddressKind First((IPNetwork Network, ShopAddressKind Kind)[] table, IPAddress address)
    {
        foreach (var (network, kind) in table)
        {
            if (network.Contains(address))
            {
                return kind;
            }
        }

        return ShopAddressKind.Public;
    }
}
