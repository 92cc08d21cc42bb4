namespace OrderConfirm.Toolkit;

/// The service's public https root (PublicBaseUrl): where shops deliver webhooks and where confirm links point.
public static class PublicAddress
{
    /// PublicBaseUrl without its trailing slash, or null while the service does not know its public address.
    public static string? Root(IConfiguration configuration)
        => configuration["PublicBaseUrl"] is { Length: > 0 } root && Uri.TryCreate(root, UriKind.Absolute, out _) ? root.TrimEnd('/') : null;
}
