namespace OrderConfirm.Security;

/// What a shop URL's host is, for the outbound rules (ShopAddresses, OutboundOptions).
public enum ShopAddressKind
{
    Public,

    // Allowed only with Outbound:AllowPrivateShopAddresses.
    Loopback,
    Private,
    SharedAddressSpace,
    LinkLocal,
    UniqueLocal,
    InternalName,

    // Never allowed: no shop lives there.
    Unspecified,
    Multicast,
    Reserved,
    Metadata,
}

public static class ShopAddressKinds
{
    public static bool IsPrivate(this ShopAddressKind kind)
        => kind is ShopAddressKind.Loopback or ShopAddressKind.Private or ShopAddressKind.SharedAddressSpace
            or ShopAddressKind.LinkLocal or ShopAddressKind.UniqueLocal or ShopAddressKind.InternalName;

    // Completes "… is …" in messages an operator reads.
    public static string Describe(this ShopAddressKind kind) => kind switch
    {
        ShopAddressKind.Public => "a public address",
        ShopAddressKind.Loopback => "a loopback address (this machine)",
        ShopAddressKind.Private => "a private network address",
        ShopAddressKind.SharedAddressSpace => "a carrier-grade NAT address (100.64.0.0/10)",
        ShopAddressKind.LinkLocal => "a link-local address",
        ShopAddressKind.UniqueLocal => "an IPv6 unique local (private) address",
        ShopAddressKind.InternalName => "an internal host name",
        ShopAddressKind.Unspecified => "the unspecified address",
        ShopAddressKind.Multicast => "a multicast address",
        ShopAddressKind.Metadata => "a cloud metadata service",
        _ => "a reserved address or a host that is not a plain IP address or DNS name",
    };
}
