namespace OrderConfirm.Toolkit;

/// The provider label each outside client's requests are measured under (orderconfirm_provider_request_duration_seconds).
/// A Refit client's own name is its generated type's assembly-qualified name, so those clients name their provider
/// here; a client named in code (shopify-admin, woocommerce, result-webhooks) is measured under that name.
public sealed class OutboundProviders
{
    private const int MaxNameLength = 40;

    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);

    public string LabelOf(string? clientName) => clientName switch
    {
        null or "" => "other",
        _ when Labels.TryGetValue(clientName, out var label) => label,
        { Length: > MaxNameLength } => "other",
        _ => clientName,
    };
}

public static class OutboundProviderNaming
{
    /// Measures this client's requests under the provider's name.
    public static IHttpClientBuilder MeasuredAs(this IHttpClientBuilder client, string provider)
    {
        client.Services.Configure<OutboundProviders>(providers => providers.Labels[client.Name] = provider);
        return client;
    }
}
